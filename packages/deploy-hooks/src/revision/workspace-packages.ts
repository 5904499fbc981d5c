import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';

/**
 * The workspace packages a Node.js server ships: the code an application repository shares
 * between its apps (e.g. packages/http-drain), each a dependency declared with pnpm's
 * `workspace:` protocol (https://pnpm.io/workspaces#workspace-protocol-workspace).
 *
 * `pnpm deploy` copies such a package into the revision's node_modules as a real folder holding
 * only the files the package publishes (its package.json "files"), the way `pnpm pack` would
 * (https://pnpm.io/cli/deploy). Its build output must therefore exist when the bundler runs and
 * be among those files; otherwise the revision installs and the server fails on the instance
 * the moment it imports the package.
 */

/** A workspace package that an app depends on, directly or through another workspace package. */
export interface WorkspaceDependency {
  readonly name: string;
  /** Its folder in the repository (where the app's node_modules link points). */
  readonly dir: string;
}

interface PackageJson {
  readonly name?: string;
  readonly main?: string;
  readonly exports?: unknown;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = path.join(dir, 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson) : undefined;
}

/** The folder Node.js would load `name` from, looking up from `from` (the installed link, resolved). */
function installedDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The production workspace dependencies of the app in `source`, transitively, as installed by
 * `pnpm install` (a dependency not installed is left to `pnpm deploy` to report).
 */
export function workspaceDependencies(source: string): WorkspaceDependency[] {
  const found = new Map<string, WorkspaceDependency>();
  const visit = (dir: string): void => {
    const pkg = readPackageJson(dir) ?? {};
    for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      if (!spec.startsWith('workspace:') || found.has(name)) continue;
      const depDir = installedDir(dir, name);
      if (!depDir) continue;
      found.set(name, { name, dir: depDir });
      visit(depDir);
    }
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The files a package's entry may be, relative to the package: the runtime targets of its
 * `exports` "." (every condition but "types"), else `main`, else index.js, as Node.js resolves
 * them (https://nodejs.org/api/packages.html#package-entry-points).
 */
export function entryFiles(pkg: PackageJson): string[] {
  const leaves: string[] = [];
  const collect = (target: unknown): void => {
    if (typeof target === 'string') {
      leaves.push(target);
    } else if (Array.isArray(target)) {
      target.forEach(collect);
    } else if (target && typeof target === 'object') {
      for (const [condition, value] of Object.entries(target)) if (condition !== 'types') collect(value);
    }
  };
  const exported = pkg.exports;
  const subpaths =
    exported && typeof exported === 'object' && !Array.isArray(exported)
      ? Object.keys(exported).some((key) => key.startsWith('.'))
      : false;
  collect(subpaths ? (exported as Record<string, unknown>)['.'] : exported);
  if (leaves.length > 0) return [...new Set(leaves.map((leaf) => path.normalize(leaf)))];
  if (pkg.main) {
    return [pkg.main, `${pkg.main}.js`, path.join(pkg.main, 'index.js')].map((f) => path.normalize(f));
  }
  return ['index.js'];
}

const TYPESCRIPT = /\.([cm]?ts|tsx)$/;

/**
 * Fails, naming the package, its folder and its entry, when a workspace package of the app
 * reached the revision (`appDir`, written by `pnpm deploy`) without a file of its entry, or with
 * a TypeScript entry only: Node.js refuses to strip types from files under node_modules
 * (https://nodejs.org/api/typescript.html#type-stripping-in-dependencies), and the bundler drops
 * TypeScript sources from node_modules.
 */
export function checkWorkspaceDependencies(
  deps: readonly WorkspaceDependency[],
  appDir: string,
  workspaceRoot: string,
): void {
  const unbuilt: string[] = [];
  const typescript: string[] = [];
  for (const { name, dir } of deps) {
    const deployed = path.join(appDir, 'node_modules', name);
    const entries = entryFiles(readPackageJson(dir) ?? {});
    const present = entries.filter((entry) => fs.existsSync(path.join(deployed, entry)));
    const where = `${name} (${path.relative(workspaceRoot, dir) || '.'})`;
    if (present.length === 0) {
      unbuilt.push(`${where} has no ${entries.join(' or ')}`);
    } else if (present.every((entry) => TYPESCRIPT.test(entry))) {
      typescript.push(`${where}: ${present.join(', ')}`);
    }
  }
  const problems: string[] = [];
  if (unbuilt.length > 0) {
    problems.push(
      `workspace package${unbuilt.length === 1 ? '' : 's'} without build output in the revision: ${unbuilt.join('; ')}. ` +
        'Build each before bundling (`pnpm -r run build` builds a workspace package before the apps that depend ' +
        'on it) and publish its output (package.json "files", e.g. ["dist"]): `pnpm deploy` copies only the files a package publishes',
    );
  }
  if (typescript.length > 0) {
    problems.push(
      `workspace package${typescript.length === 1 ? '' : 's'} whose entry is TypeScript: ${typescript.join('; ')}. ` +
        'Node.js does not run TypeScript from node_modules: compile the package (e.g. tsc to dist/) and point ' +
        'its package.json "exports"/"main" at the JavaScript',
    );
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'));
}
