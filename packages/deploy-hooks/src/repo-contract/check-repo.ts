import * as fs from 'node:fs';
import * as path from 'node:path';
import { rootScriptsOf } from './root-scripts';
import { CliError } from '../errors';
import {
  nextConfigFile,
  setsStandaloneOutput,
  STANDALONE_ADVICE,
  startScriptAdvice,
  startScriptOf,
} from '../revision/app-source';

/**
 * The application-repository contract: what the pipeline's build needs from the repository it
 * builds, checked before any install so that one run lists everything to add.
 */

/** An app the pipeline builds, and its folder in the repository. */
export interface RepoApp {
  readonly name: string;
  /** Relative to the repository root, e.g. apps/api. */
  readonly source: string;
}

/** The build's steps that run a configurable command at the repository root. */
export type BuildStep = 'lint' | 'test' | 'build';

export interface CheckRepoOptions {
  /** The repository root. */
  readonly root: string;
  readonly apps: readonly RepoApp[];
  /** The command of each step, as the build runs it; a step left out (or empty) does not run. */
  readonly commands: Partial<Record<BuildStep, string>>;
  /** Receives the ok line. @default - none */
  readonly log?: (line: string) => void;
}

/** `api=apps/api` as a RepoApp (the form of `check-repo --app`). */
export function parseRepoApp(value: string): RepoApp {
  const at = value.indexOf('=');
  const [name, source] = at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
  if (!name || !source) {
    throw new CliError(`--app must be <name>=<folder>, e.g. api=apps/api, got "${value}"`);
  }
  return { name, source: source.replace(/\/+$/, '') };
}

/**
 * Checks the repository; throws a CliError that lists every missing item, each with what to add,
 * or logs one ok line.
 */
export function checkRepo(options: CheckRepoOptions): void {
  if (options.apps.length === 0) throw new CliError('check-repo needs at least one --app <name>=<folder>');
  const { missing, found } = inspect(options);
  const root = path.resolve(options.root);
  if (missing.length > 0) {
    throw new CliError(
      `the repository at ${root} lacks ${missing.length} item${missing.length === 1 ? '' : 's'} the build needs:\n` +
        missing.map((m) => `  - ${m}`).join('\n'),
    );
  }
  options.log?.(`check-repo: the repository at ${root} has what the build needs (${found.join('; ')})`);
}

/** Every missing item (each a sentence saying what to add), and what was found. */
export function inspect(options: CheckRepoOptions): { missing: string[]; found: string[] } {
  const missing: string[] = [];
  const found: string[] = [];
  const at = (...parts: string[]) => path.join(options.root, ...parts);

  if (!fs.existsSync(at('pnpm-workspace.yaml'))) {
    missing.push(
      'pnpm-workspace.yaml is missing: add it with the app folders under packages (e.g. packages: ["apps/*"]); ' +
        'the bundler installs each Node.js server with `pnpm deploy`, which deploys a package of a pnpm workspace',
    );
  }
  if (!fs.existsSync(at('pnpm-lock.yaml'))) {
    missing.push(
      'pnpm-lock.yaml is missing: run `pnpm install` and commit it; ' +
        'the build installs with `pnpm install --frozen-lockfile`, which fails without a lockfile',
    );
  }
  const steps = (['lint', 'test', 'build'] as const).flatMap((step) => {
    const command = options.commands[step]?.trim();
    return command ? rootScriptsOf(command).map((script) => ({ step, command, script })) : [];
  });
  const names = [...new Set(steps.map((s) => s.script.name))];
  // pnpm installs a workspace without a root package.json: it is needed for the scripts only.
  const rootPkg =
    names.length === 0
      ? {}
      : readPackageJson(
          at('package.json'),
          'package.json',
          `add the workspace's root package.json with the scripts the build runs: ${names.map((n) => `"${n}"`).join(', ')}`,
          missing,
        );
  if (rootPkg) {
    const scripts = rootPkg.scripts ?? {};
    const dependencies = new Set(Object.keys({ ...rootPkg.dependencies, ...rootPkg.devDependencies }));
    for (const { step, command, script } of steps) {
      if (typeof scripts[script.name] === 'string' || (script.orProgram && dependencies.has(script.name))) {
        continue;
      }
      missing.push(
        `package.json has no "${script.name}" script: the build's ${step} step runs \`${command}\`; ` +
          `add the script${script.orProgram ? ` (or write \`pnpm exec ${script.name}\` for a program)` : ''}, ` +
          `or change the pipeline's ${step}Command`,
      );
    }
  }
  found.push(`pnpm workspace; root scripts ${names.length > 0 ? names.join(', ') : 'none needed'}`);
  for (const app of options.apps) found.push(...inspectApp(options.root, app, missing));
  return { missing, found };
}

/** The items of one app folder. */
function inspectApp(root: string, app: RepoApp, missing: string[]): string[] {
  const dir = path.join(root, app.source);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    missing.push(
      `${app.source} is missing: the pipeline builds the app "${app.name}" from this folder ` +
        '(its package.json, .env.example and build output)',
    );
    return [];
  }
  if (!fs.existsSync(path.join(dir, '.env.example'))) {
    missing.push(
      `${app.source}/.env.example is missing: list the variables the app reads, one NAME= per line; ` +
        `the build checks that each has a parameter under /<environment>/${app.name}/, and each instance ` +
        'starts the app only when its .env has a value for each',
    );
  }
  const pkgFile = `${app.source}/package.json`;
  const pkg = readPackageJson(
    path.join(dir, 'package.json'),
    pkgFile,
    "add the app's package.json: pnpm installs the app from it, the bundler reads its name, version and start script",
    missing,
  );
  const config = nextConfigFile(dir);
  if (config) {
    if (!setsStandaloneOutput(fs.readFileSync(path.join(dir, config), 'utf8'))) {
      missing.push(`${app.source}/${config} ${STANDALONE_ADVICE}`);
    }
    return [`${app.name}: Next.js, standalone output`];
  }
  if (!pkg) return [];
  if (typeof pkg.name !== 'string' || pkg.name === '') {
    missing.push(`${pkgFile} has no "name": \`pnpm deploy\` selects the app by its package name`);
  }
  const { script, ...start } = startScriptOf(pkg);
  if (!script) {
    missing.push(`${pkgFile}: ${startScriptAdvice(start)}`);
    return [];
  }
  return [`${app.name}: Node.js server, node ${script}`];
}

/** The fields of a package.json the contract reads. */
interface PackageJson {
  readonly name?: unknown;
  readonly scripts?: Record<string, unknown>;
  readonly dependencies?: Record<string, unknown>;
  readonly devDependencies?: Record<string, unknown>;
}

function readPackageJson(
  file: string,
  shown: string,
  add: string,
  missing: string[],
): PackageJson | undefined {
  if (!fs.existsSync(file)) {
    missing.push(`${shown} is missing: ${add}`);
    return undefined;
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
  } catch (err) {
    missing.push(`${shown} is not valid JSON (${(err as Error).message}): fix it`);
    return undefined;
  }
}
