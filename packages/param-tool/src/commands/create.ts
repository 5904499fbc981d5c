import { checkbox, confirm, input, password, select } from '@inquirer/prompts';
import { checkValue } from '../env-file/infer';
import { validateValue } from '../env-file/validate';
import { CliError, describeAwsError, isAwsError } from '../errors';
import { validateScopeName } from '../parameter-path';
import { displayValue } from '../table';
import { CommandContext, CommonOptions } from './context';
import { buildPlan, compare, isInvalid, PlanRow, problemLines, renderPlan } from './plan';
import { buildScope, defaultEnvironment, discoverApps, resolveScope, Scope, scopeNote } from './scope';

export interface CreateOptions extends CommonOptions {
  /** `-c`: ask for each value. Otherwise (`-cf`) take the .env.example values. */
  readonly interactive: boolean;
}

/** `param-tool -c` and `param-tool -cf`: validate everything, then write serially. */
export async function create(ctx: CommandContext, options: CreateOptions): Promise<void> {
  if (options.interactive && !ctx.canPrompt) {
    throw new CliError('-c asks questions, but stdin is not a terminal: use -cf');
  }
  const scope = options.interactive ? await askScope(ctx, options) : resolveScope(ctx, options);
  const say = options.json ? ctx.log : ctx.out;
  say(`${scope.note}\n`);

  const plan = await buildPlan(ctx, scope, { requireValues: !options.interactive });
  if (isInvalid(plan)) {
    say(renderPlan(plan.rows));
    throw new CliError(
      `nothing written; ${problemLines(plan).length} problem(s): ${problemLines(plan).join('; ')}`,
      2,
    );
  }

  if (options.interactive) await askValues(ctx, plan.rows, options);

  const creates = plan.rows.filter((r) => r.action === 'create');
  const different = plan.rows.filter((r) => r.action === 'exists-different');
  const updates = options.overwrite ? different : [];
  const kept = options.overwrite ? [] : different;
  const unchanged = plan.rows.filter((r) => r.action === 'exists-unchanged');

  if (!options.json) {
    say(`\n${renderPlan(plan.rows)}`);
    if (updates.length > 0) {
      say(`\nWith --overwrite these change (old → new):\n${updates.map(diffLine).join('')}`);
    }
    if (kept.length > 0) {
      say(
        `\nKept as they are (values differ; --overwrite replaces them): ${kept.map((r) => r.path).join(', ')}\n`,
      );
    }
  }

  const writes = [...creates, ...updates];
  if (writes.length === 0) {
    say(`\nNothing to write: ${unchanged.length} unchanged, ${kept.length} kept.\n`);
    if (options.json) ctx.out(`${JSON.stringify(result([], [], unchanged, kept), null, 2)}\n`);
    return;
  }
  const mustConfirm = (options.interactive || updates.length > 0) && !options.yes;
  if (mustConfirm && !ctx.canPrompt) {
    throw new CliError(
      `nothing written: ${updates.length} parameter(s) would change and stdin is not a terminal; pass --yes to confirm`,
    );
  }
  if (mustConfirm) {
    const message = `Write ${creates.length} new and ${updates.length} changed parameter(s)?`;
    const ok = await confirm({ message, default: updates.length === 0 }, ctx.prompt);
    if (!ok) throw new CliError('cancelled: nothing written');
  }

  const written = await writeAll(ctx, writes, say);
  const created = written.filter((r) => !r.existing);
  const updated = written.filter((r) => r.existing);
  say(
    `\nCreated ${created.length}, updated ${updated.length}, unchanged ${unchanged.length}, kept ${kept.length}.\n`,
  );
  if (options.json) ctx.out(`${JSON.stringify(result(created, updated, unchanged, kept), null, 2)}\n`);
}

/**
 * Writes one parameter after another (the store paces them and the SDK retries throttled calls).
 * A failure stops the run and says what was written and what was not: a re-run completes the rest,
 * since written parameters then show as unchanged.
 */
async function writeAll(
  ctx: CommandContext,
  rows: PlanRow[],
  say: (text: string) => void,
): Promise<PlanRow[]> {
  const written: PlanRow[] = [];
  for (const row of rows) {
    const overwrite = row.existing !== undefined;
    try {
      await ctx.store.put({
        name: row.path,
        value: row.value,
        type: row.ssmType,
        description: `param-tool: type=${row.type}`,
        overwrite,
        tags: overwrite ? undefined : { 'managed-by': 'param-tool', 'param-tool:type': row.type },
      });
    } catch (error) {
      if (!isAwsError(error) && !(error instanceof Error && error.name === 'ParameterAlreadyExists')) {
        throw error;
      }
      const notWritten = rows.slice(written.length).map((r) => r.path);
      ctx.log(`Written (${written.length}): ${written.map((r) => r.path).join(', ') || 'none'}\n`);
      ctx.log(`Not written (${notWritten.length}): ${notWritten.join(', ')}\n`);
      throw new CliError(
        `Failed to write ${row.path}: ${describeAwsError(error as Error, { service: 'SSM' })}. ` +
          `${written.length} of ${rows.length} written; re-run the same command to write the rest.`,
      );
    }
    written.push(row);
    say(`${overwrite ? 'updated' : 'created'} ${row.path} (${row.ssmType})\n`);
  }
  return written;
}

/** `-c` without --env/--app: ask for them. */
async function askScope(ctx: CommandContext, options: CreateOptions): Promise<Scope> {
  const envDefault = defaultEnvironment(ctx, options.env);
  const environment = options.env
    ? options.env
    : await input(
        {
          message: 'Environment',
          default: envDefault.environment,
          validate: (v) => validateScopeName('environment', v.trim())[0] ?? true,
        },
        ctx.prompt,
      );
  let apps = options.app ?? [];
  let appsHow = '--app';
  if (apps.length === 0) {
    const found = discoverApps(ctx.cwd).apps;
    appsHow = 'chosen';
    apps =
      found.length > 0
        ? await checkbox(
            {
              message: 'Apps',
              choices: found.map((app) => ({ value: app, checked: true })),
              validate: (chosen) => (chosen.length > 0 ? true : 'choose at least one app'),
            },
            ctx.prompt,
          )
        : [
            await input(
              { message: 'App', validate: (v) => validateScopeName('app', v.trim())[0] ?? true },
              ctx.prompt,
            ),
          ];
  }
  const envHow = options.env ? '--env' : 'chosen';
  return buildScope(
    ctx,
    environment.trim(),
    apps.map((a) => a.trim()),
    options.file,
    scopeNote(environment.trim(), envHow, apps, appsHow),
  );
}

/** One type-aware prompt per variable; existing parameters are asked for only with --overwrite. */
async function askValues(ctx: CommandContext, rows: PlanRow[], options: CreateOptions): Promise<void> {
  for (const row of rows) {
    if (row.existing && !options.overwrite) continue;
    const validate = (raw: string): string | true => {
      const value = raw === '' ? row.value : raw;
      if (value === '') return `${row.key} needs a value (SSM rejects empty values)`;
      const problem = checkValue(row.type, value) ?? validateValue(row.key, value)[0];
      return problem ? `${row.key} ${problem.replace(new RegExp(`^${row.key} `), '')}` : true;
    };
    const label = `${row.app} ${row.key} (${row.type}${row.ssmType === 'SecureString' ? ', secret' : ''})`;
    let answer: string;
    if (row.ssmType === 'SecureString') {
      const hint = row.value ? ' [Enter keeps the example value]' : '';
      answer = await password({ message: `${label}${hint}`, validate }, ctx.prompt);
    } else if (row.type === 'Boolean') {
      const current = ['true', 'yes', 'on'].includes(row.value.toLowerCase()) ? 'true' : 'false';
      answer = await select(
        { message: label, choices: [{ value: 'true' }, { value: 'false' }], default: current },
        ctx.prompt,
      );
    } else {
      answer = await input({ message: label, default: row.value || undefined, validate }, ctx.prompt);
    }
    row.value = answer === '' ? row.value : row.type === 'String' ? answer : answer.trim();
    row.action = compare(row.existing, row.value, row.ssmType);
  }
}

function diffLine(row: PlanRow): string {
  const secret = row.ssmType === 'SecureString';
  const old = row.existing ? displayValue(row.existing.value, secret) : '(none)';
  const typeChange =
    row.existing && row.existing.type !== row.ssmType ? ` [${row.existing.type} → ${row.ssmType}]` : '';
  return `  ${row.path}: ${old} → ${displayValue(row.value, secret)}${secret ? ' (secret changed)' : ''}${typeChange}\n`;
}

function result(created: PlanRow[], updated: PlanRow[], unchanged: PlanRow[], kept: PlanRow[]) {
  const names = (rows: PlanRow[]) => rows.map((r) => r.path);
  return { created: names(created), updated: names(updated), unchanged: names(unchanged), kept: names(kept) };
}
