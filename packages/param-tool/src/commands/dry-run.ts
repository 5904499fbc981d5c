import { CliError } from '../errors';
import { CommandContext, CommonOptions } from './context';
import { buildPlan, isInvalid, planJson, problemLines, renderPlan } from './plan';
import { resolveScope } from './scope';

/** `param-tool`: shows what `-cf` would do. Read-only; exit code 2 when an entry is invalid. */
export async function dryRun(ctx: CommandContext, options: CommonOptions): Promise<void> {
  const scope = resolveScope(ctx, options);
  const plan = await buildPlan(ctx, scope, { requireValues: false });
  if (options.json) {
    ctx.log(`${scope.note}\n`);
    ctx.out(`${JSON.stringify(planJson(scope, plan), null, 2)}\n`);
  } else {
    ctx.out(`${scope.note}\nDry run: nothing is written.\n\n`);
    ctx.out(renderPlan(plan.rows));
    const empty = plan.rows.filter((r) => r.action !== 'invalid' && r.value === '').map((r) => r.key);
    if (empty.length > 0) {
      ctx.out(`\nNo example value for ${empty.join(', ')}: -c asks for them, -cf refuses them.\n`);
    }
    const problems = problemLines(plan);
    if (problems.length > 0) ctx.out(`\nInvalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  }
  if (isInvalid(plan)) {
    throw new CliError(
      `${problemLines(plan).length} problem(s) found; fix the .env.example before creating`,
      2,
    );
  }
}
