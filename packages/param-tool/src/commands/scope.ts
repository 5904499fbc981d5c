import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateScope } from '../env-file/validate';
import { CliError } from '../errors';
import { CommandContext } from './context';

/** One app and the .env.example it is described by. */
export interface AppSource {
  readonly app: string;
  readonly file: string;
}

/** The environment and apps a run works on, and how they were chosen (said in the output). */
export interface Scope {
  readonly environment: string;
  readonly apps: AppSource[];
  readonly note: string;
}

/** `--env`, else PARAM_TOOL_ENV, else `dev`. */
export function defaultEnvironment(
  ctx: CommandContext,
  given?: string,
): { environment: string; how: string } {
  if (given) return { environment: given, how: '--env' };
  if (ctx.env.PARAM_TOOL_ENV) return { environment: ctx.env.PARAM_TOOL_ENV, how: 'PARAM_TOOL_ENV' };
  return { environment: 'dev', how: 'default' };
}

/**
 * Apps when `--app` is not given: every `apps/<app>/.env.example` under the working directory,
 * else the app whose folder (`apps/<app>`) we stand in.
 */
export function discoverApps(cwd: string): { apps: string[]; how: string } {
  const appsDir = path.join(cwd, 'apps');
  if (fs.existsSync(appsDir)) {
    const apps = fs
      .readdirSync(appsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(appsDir, d.name, '.env.example')))
      .map((d) => d.name)
      .sort();
    if (apps.length > 0) return { apps, how: 'every apps/<app>/.env.example' };
  }
  if (path.basename(path.dirname(cwd)) === 'apps' && fs.existsSync(path.join(cwd, '.env.example'))) {
    return { apps: [path.basename(cwd)], how: 'the app folder you are in' };
  }
  return { apps: [], how: 'none found' };
}

/** The .env.example of an app: `--file`, else `apps/<app>/.env.example`, else `./.env.example`. */
export function exampleFile(cwd: string, app: string, file?: string): string {
  if (file) {
    const resolved = path.resolve(cwd, file);
    if (!fs.existsSync(resolved)) throw new CliError(`--file ${file} does not exist`);
    return resolved;
  }
  const candidates = [path.join(cwd, 'apps', app, '.env.example'), path.join(cwd, '.env.example')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new CliError(
      `no .env.example for app "${app}": looked at ${candidates.map((c) => path.relative(cwd, c) || c).join(' and ')}; pass --file`,
    );
  }
  return found;
}

/** Checks the names and finds each app's file. Invalid names exit with code 2. */
export function buildScope(
  ctx: CommandContext,
  environment: string,
  apps: string[],
  file: string | undefined,
  note: string,
): Scope {
  if (apps.length === 0) {
    throw new CliError(
      'no app given and no apps/<app>/.env.example found here: pass --app <app>, or run from the monorepo root or an app folder',
    );
  }
  if (file && apps.length > 1) {
    throw new CliError(`--file applies to one app, but ${apps.length} were chosen (${apps.join(', ')})`);
  }
  const problems = [...new Set(apps.flatMap((app) => validateScope(environment, app)))];
  if (problems.length > 0) throw new CliError(problems.join('; '), 2);
  return { environment, apps: apps.map((app) => ({ app, file: exampleFile(ctx.cwd, app, file) })), note };
}

/** The scope of a non-interactive run, from the options and the defaults. */
export function resolveScope(
  ctx: CommandContext,
  options: { env?: string; app?: string[]; file?: string },
): Scope {
  const env = defaultEnvironment(ctx, options.env);
  const apps = options.app?.length ? { apps: options.app, how: '--app' } : discoverApps(ctx.cwd);
  return buildScope(
    ctx,
    env.environment,
    apps.apps,
    options.file,
    scopeNote(env.environment, env.how, apps.apps, apps.how),
  );
}

export function scopeNote(environment: string, envHow: string, apps: string[], appsHow: string): string {
  return `Environment: ${environment} (${envHow}) · Apps: ${apps.join(', ')} (${appsHow})`;
}
