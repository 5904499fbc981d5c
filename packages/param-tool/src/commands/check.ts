import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEnvFile } from '../env-file/parse';
import { validateEntry } from '../env-file/validate';
import { CliError, wrapAwsError } from '../errors';
import { appPath, parameterPath } from '../parameter-path';
import { CommandContext, CommonOptions } from './context';
import { resolveScope } from './scope';

/** One app's result: the names its .env.example lists and those missing under its path. */
export interface CheckResult {
  readonly app: string;
  readonly file: string;
  readonly path: string;
  readonly names: string[];
  readonly missing: string[];
}

/**
 * `param-tool check`: every name of each app's .env.example exists under `/{environment}/{app}/`.
 * Names only: DescribeParameters with a path filter, never GetParameter(s)/GetParametersByPath, so
 * the caller (the pipeline's build role) needs no right to read values or decrypt them.
 * Exit code 0 when all exist, 1 with the missing names and the command that creates them, 2 when a
 * file or a name is invalid.
 */
export async function check(ctx: CommandContext, options: CommonOptions): Promise<void> {
  const scope = resolveScope(ctx, options);
  const problems: string[] = [];
  const sources = scope.apps.map(({ app, file }) => {
    const relative = path.relative(ctx.cwd, file) || file;
    const parsed = parseEnvFile(fs.readFileSync(file, 'utf8'));
    problems.push(...parsed.problems.map((p) => `${relative}:${p.line}: ${p.message}`));
    const names = [...new Set(parsed.entries.map((e) => e.key))];
    for (const entry of parsed.entries) {
      // The rules `-c` applies to a name (the example's value is not checked here).
      const found = validateEntry(
        { ...entry, value: '' },
        { environment: scope.environment, app, requireValues: false },
      );
      problems.push(...found.map((p) => `${relative}: ${p}`));
    }
    return { app, file: relative, names };
  });
  if (problems.length > 0) {
    throw new CliError(
      `${problems.length} problem(s) in the .env.example file(s):\n  - ${problems.join('\n  - ')}`,
      2,
    );
  }

  const results: CheckResult[] = [];
  for (const source of sources) {
    const where = appPath(scope.environment, source.app);
    let existing: Set<string>;
    try {
      existing = new Set(source.names.length > 0 ? await ctx.store.listNames(where) : []);
    } catch (e) {
      return wrapAwsError(`cannot list the parameter names under ${where} (ssm:DescribeParameters)`, e, {
        service: 'SSM',
      });
    }
    results.push({
      ...source,
      path: where,
      missing: source.names.filter((n) => !existing.has(parameterPath(scope.environment, source.app, n))),
    });
  }

  if (options.json) {
    ctx.log(`${scope.note}\n`);
    ctx.out(`${JSON.stringify({ environment: scope.environment, apps: results }, null, 2)}\n`);
  } else {
    ctx.out(`${scope.note}\n`);
    for (const r of results) {
      ctx.out(
        r.names.length === 0
          ? `${r.app}: ${r.file} lists no variable: nothing to check\n`
          : r.missing.length === 0
            ? `${r.app}: all ${r.names.length} parameter(s) exist under ${r.path}\n`
            : `${r.app}: ${r.missing.length} of ${r.names.length} missing under ${r.path}: ${r.missing.join(', ')}\n`,
      );
    }
  }
  const failed = results.filter((r) => r.missing.length > 0);
  if (failed.length > 0) {
    throw new CliError(
      failed
        .map(
          (r) =>
            `missing in SSM: ${r.missing.map((n) => parameterPath(scope.environment, r.app, n)).join(', ')}; ` +
            `create them with \`param-tool -c --env ${scope.environment} --app ${r.app}\``,
        )
        .join('\n'),
    );
  }
}
