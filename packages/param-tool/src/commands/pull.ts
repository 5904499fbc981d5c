import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatVariables, OutputFormat, OUTPUT_FORMATS, UnrepresentableValueError } from '../env-file/format';
import { validateScope } from '../env-file/validate';
import { CliError, wrapAwsError } from '../errors';
import { appPath } from '../parameter-path';
import { CommandContext } from './context';
import { defaultEnvironment, discoverApps, scopeNote } from './scope';

export interface PullOptions {
  readonly env?: string;
  readonly app?: string[];
  readonly out?: string;
  readonly format?: string;
  readonly json?: boolean;
}

/**
 * `param-tool pull`: reads every parameter directly under `/{environment}/{app}/` (all pages,
 * decrypted) and writes them as dotenv, JSON or shell. With --out the file is written
 * atomically with mode 0600.
 */
export async function pull(ctx: CommandContext, options: PullOptions): Promise<void> {
  const format = (options.json ? 'json' : (options.format ?? 'dotenv')) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new CliError(`--format ${options.format} is not one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const env = defaultEnvironment(ctx, options.env);
  const apps = options.app?.length ? { apps: options.app, how: '--app' } : discoverApps(ctx.cwd);
  if (apps.apps.length !== 1) {
    throw new CliError(
      `pull reads one app; ${apps.apps.length} found (${apps.apps.join(', ') || 'none'}): pass --app <app>`,
    );
  }
  const app = apps.apps[0];
  const problems = validateScope(env.environment, app);
  if (problems.length > 0) throw new CliError(problems.join('; '), 2);
  const prefix = appPath(env.environment, app);
  ctx.log(`${scopeNote(env.environment, env.how, apps.apps, apps.how)}\n`);

  let parameters;
  try {
    parameters = await ctx.store.listByPath(prefix);
  } catch (error) {
    return wrapAwsError(`Failed to read ${prefix}`, error, { service: 'SSM' });
  }
  if (parameters.length === 0) {
    throw new CliError(`no parameters under ${prefix}: nothing written (check --env, --app and the Region)`);
  }
  const variables: Record<string, string> = {};
  for (const p of [...parameters].sort((a, b) => a.name.localeCompare(b.name))) {
    variables[p.name.slice(prefix.length)] = p.value;
  }

  let text: string;
  try {
    text = formatVariables(format, variables);
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliError(`nothing written: ${error.message}`);
    throw error;
  }
  if (options.out) {
    const target = path.resolve(ctx.cwd, options.out);
    writeFileAtomic(target, text);
    ctx.log(
      `Wrote ${parameters.length} variable(s) from ${prefix} to ${options.out} (${format}, mode 0600)\n`,
    );
  } else {
    ctx.out(text);
  }
}

/** Temp file in the same folder, mode 0600 from the start, then rename: readers never see half a file. */
function writeFileAtomic(target: string, text: string): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliError(`cannot write ${target}: ${(error as Error).message}`);
  }
}
