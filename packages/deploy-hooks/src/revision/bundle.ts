import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findWorkspaceRoot,
  isNext,
  nextConfigFile,
  setsStandaloneOutput,
  STANDALONE_ADVICE,
  startScriptAdvice,
  startScriptOf,
} from './app-source';
import { renderAppspec } from './appspec';
import { BundleLayout, renderLayoutEnv } from './identity';
import { kitRoot, REVISION, RevisionMetadata, ServerBundleRecord } from './layout';
import { bundleServer, loadEsbuild } from './server-bundle';
import { checkWorkspaceDependencies, workspaceDependencies } from './workspace-packages';
import { CliError } from '../errors';
import { runtimeTarball } from '../runtime';

export interface BundleOptions {
  /** The app's name: the PM2 process and APP_NAME of the instances it deploys to. */
  readonly app: string;
  /**
   * Where the revision lands on the instances and where the hooks find their identity file
   * (`--layout`, see identity.ts): the appspec's destination and owner, and hooks/lib/layout.env.
   */
  readonly layout: BundleLayout;
  /** The built app's folder inside the app repository (e.g. apps/api). */
  readonly source: string;
  /** The revision folder to create (emptied first). */
  readonly out: string;
  /** The param-tool bundle folder (param-tool.cjs, env-manager.sh). @default - beside the kit */
  readonly paramToolDir?: string;
  /**
   * Bundle a Node.js (non-Next.js) server and its dependencies into one file with esbuild; false
   * ships the `pnpm deploy --prod` output as it is. @default true
   */
  readonly esbuild?: boolean;
  /** Packages the esbuild bundle leaves in node_modules (read at run time, e.g. swagger-ui-dist). @default - none */
  readonly external?: readonly string[];
  /** Receives progress lines. @default - none */
  readonly log?: (line: string) => void;
}

/** Builds a CodeDeploy revision folder from an app that `pnpm run build` has built. */
export async function bundle(options: BundleOptions): Promise<RevisionMetadata> {
  const log = options.log ?? (() => undefined);
  const source = path.resolve(options.source);
  const out = path.resolve(options.out);
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(options.app)) {
    throw new CliError(
      `--app must be lowercase letters, digits and dashes (at most 31), got "${options.app}"`,
    );
  }
  const pkg = readJson(path.join(source, 'package.json'), `--source ${options.source} has no package.json`);
  const paramToolDir = findParamToolDir(options.paramToolDir);
  const kind = isNext(source) ? 'next' : 'nest';
  const bundleWithEsbuild = kind === 'nest' && (options.esbuild ?? true);
  // Before the slow `pnpm deploy`: a kit without its npm install fails here, at once.
  if (bundleWithEsbuild) await loadEsbuild();

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const appOut = path.join(out, REVISION.app);
  let start: { cwd: string; script: string };
  let server: ServerBundleRecord | undefined;
  if (kind === 'next') {
    start = copyNextStandalone(source, appOut);
  } else {
    start = deployNode(source, pkg, appOut, log);
    if (bundleWithEsbuild) {
      const bundled = await bundleServer({
        appDir: appOut,
        entry: start.script,
        external: options.external,
        log,
      });
      if (bundled) {
        const { script, ...record } = bundled;
        start = { ...start, script };
        server = { bundler: 'esbuild', ...record };
      }
    }
  }

  const kit = kitRoot();
  fs.cpSync(path.join(kit, 'hooks'), path.join(out, REVISION.hooks), { recursive: true });
  fs.cpSync(path.join(kit, 'templates', REVISION.ecosystem), path.join(out, REVISION.ecosystem));
  fs.cpSync(paramToolDir, path.join(out, REVISION.tools), { recursive: true });
  // PM2 for the instance: BeforeInstall unpacks it, nothing comes from the npm registry.
  const pm2 = runtimeTarball(kit);
  fs.cpSync(pm2, path.join(out, REVISION.tools, path.basename(pm2)));
  const envExample = path.join(source, REVISION.envExample);
  if (!fs.existsSync(envExample)) {
    throw new CliError(`${envExample} is missing: the hooks check the .env against it`);
  }
  fs.cpSync(envExample, path.join(out, REVISION.envExample));
  fs.writeFileSync(path.join(out, REVISION.appspec), renderAppspec(options.layout));
  fs.writeFileSync(path.join(out, REVISION.layoutEnv), renderLayoutEnv(options.app, options.layout));

  const metadata: RevisionMetadata = {
    app: options.app,
    kind,
    start: { ...start, command: `node ${start.script}` },
    ...(server ? { server } : {}),
    version: String(pkg.version ?? '0.0.0'),
    commit: commitOf(source),
    builtAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(out, REVISION.metadata), JSON.stringify(metadata, null, 2) + '\n');
  log(`revision of ${options.app} (${kind}) written to ${out}`);
  return metadata;
}

/** Next.js standalone output plus what it leaves out: public/ and .next/static. */
function copyNextStandalone(source: string, appOut: string): { cwd: string; script: string } {
  const standalone = path.join(source, '.next', 'standalone');
  const workspaceRoot = findWorkspaceRoot(source);
  // In a monorepo, file tracing starts at the workspace root: server.js sits at <rel>/server.js.
  const rel = [path.relative(workspaceRoot, source), ''].find((r) =>
    fs.existsSync(path.join(standalone, r, 'server.js')),
  );
  if (rel === undefined) {
    const config = path.join(source, nextConfigFile(source)!);
    if (!setsStandaloneOutput(fs.readFileSync(config, 'utf8'))) {
      throw new CliError(`${config} ${STANDALONE_ADVICE}`);
    }
    throw new CliError(
      `build output missing: no server.js under ${standalone} (run \`pnpm run build\` with output: 'standalone' in next.config)`,
    );
  }
  copyWithoutSymlinks(standalone, appOut);
  const serverDir = path.join(appOut, rel);
  fs.cpSync(path.join(source, '.next', 'static'), path.join(serverDir, '.next', 'static'), {
    recursive: true,
  });
  if (fs.existsSync(path.join(source, 'public'))) {
    fs.cpSync(path.join(source, 'public'), path.join(serverDir, 'public'), { recursive: true });
  }
  pruneNodeModules(appOut);
  return { cwd: path.join(REVISION.app, rel), script: 'server.js' };
}

/** A production-only install of the package and its build output (`pnpm deploy --prod`). */
function deployNode(
  source: string,
  pkg: Record<string, unknown>,
  appOut: string,
  log: (line: string) => void,
): { cwd: string; script: string } {
  const { script, ...start } = startScriptOf(pkg);
  if (!script) throw new CliError(`${path.join(source, 'package.json')}: ${startScriptAdvice(start)}`);
  if (!fs.existsSync(path.join(source, script))) {
    throw new CliError(`build output missing: ${path.join(source, script)} (run \`pnpm run build\` first)`);
  }
  const workspaceRoot = findWorkspaceRoot(source);
  log(`pnpm deploy --prod of ${String(pkg.name)} (hoisted node_modules, no symlinks)`);
  try {
    // --legacy: pnpm 10 otherwise requires inject-workspace-packages; hoisted: no symlinks.
    execFileSync(
      'pnpm',
      ['--filter', String(pkg.name), 'deploy', '--prod', '--legacy', '--config.node-linker=hoisted', appOut],
      { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new CliError(
      `pnpm deploy of ${String(pkg.name)} failed: ${(e.stderr || e.stdout || String(err)).trim()}`,
    );
  }
  // Shared workspace packages arrive as their published files: a missing build fails here, not on the instance.
  checkWorkspaceDependencies(workspaceDependencies(source), appOut, workspaceRoot);
  for (const dev of ['src', 'test']) fs.rmSync(path.join(appOut, dev), { recursive: true, force: true });
  pruneNodeModules(appOut);
  return { cwd: REVISION.app, script };
}

/**
 * Copies a standalone folder whose node_modules pnpm laid out with symlinks (which CodeDeploy's
 * zip extraction does not keep) as one hoisted node_modules of real folders. Dereferencing every
 * link instead would copy next and sharp several times (135 MB instead of 40 MB).
 */
function copyWithoutSymlinks(standalone: string, appOut: string): void {
  const store = path.join(standalone, 'node_modules', '.pnpm');
  const hoisted = new Map<string, string>();
  let conflict = false;
  if (fs.existsSync(store)) {
    for (const entry of fs.readdirSync(store)) {
      const modules = path.join(store, entry, 'node_modules');
      if (!fs.existsSync(modules)) continue;
      for (const name of packageNames(modules)) {
        const dir = path.join(modules, name);
        if (fs.lstatSync(dir).isSymbolicLink()) continue;
        if (hoisted.has(name) && hoisted.get(name) !== dir) conflict = true;
        hoisted.set(name, dir);
      }
    }
  }
  if (conflict || hoisted.size === 0) {
    fs.cpSync(standalone, appOut, { recursive: true, dereference: true });
    return;
  }
  fs.cpSync(standalone, appOut, {
    recursive: true,
    filter: (src) =>
      !fs.lstatSync(src).isSymbolicLink() && !src.startsWith(path.join(standalone, 'node_modules')),
  });
  for (const [name, dir] of hoisted) {
    fs.cpSync(dir, path.join(appOut, 'node_modules', name), { recursive: true, dereference: true });
  }
}

function packageNames(modules: string): string[] {
  return fs
    .readdirSync(modules)
    .filter((n) => n !== '.bin')
    .flatMap((n) =>
      n.startsWith('@') ? fs.readdirSync(path.join(modules, n)).map((m) => `${n}/${m}`) : [n],
    );
}

/**
 * Files no running app reads: fewer files make the zip smaller and its extraction faster.
 * TypeScript sources too (`.ts` beside the compiled `.js`, e.g. rxjs/src): Node.js does not
 * strip types under node_modules, so nothing can import them at run time.
 */
const PRUNED_FILES =
  /(\.([cm]?ts|map|md|markdown)|^\.(eslintrc(\.\w+)?|nycrc(\.\w+)?|editorconfig|travis\.yml|npmignore))$/i;
/** Folders only a package's repository uses. */
const PRUNED_DIRS = new Set(['@types', '.github']);

/** Removes type declarations, TS sources, source maps, docs, CI files and @types packages from every node_modules. */
function pruneNodeModules(dir: string): void {
  const walk = (d: string, inModules: boolean): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (inModules && PRUNED_DIRS.has(entry.name)) fs.rmSync(full, { recursive: true, force: true });
        else walk(full, inModules || entry.name === 'node_modules');
      } else if (inModules && entry.isFile() && PRUNED_FILES.test(entry.name)) {
        fs.rmSync(full);
      }
    }
  };
  walk(dir, false);
}

function findParamToolDir(explicit?: string): string {
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [
        process.env.PARAM_TOOL_BUNDLE_DIR,
        path.join(kitRoot(), 'param-tool'),
        path.resolve(kitRoot(), '..', 'param-tool', 'dist', 'bundle'),
      ].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'env-manager.sh')));
  if (!found) {
    throw new CliError(
      `param-tool bundle not found (env-manager.sh in ${candidates.join(' or ')}): ` +
        'build it with `cd packages/param-tool && npx projen bundle`, or pass --param-tool <dir>',
    );
  }
  return found;
}

function commitOf(source: string): string {
  if (process.env.CODEBUILD_RESOLVED_SOURCE_VERSION) return process.env.CODEBUILD_RESOLVED_SOURCE_VERSION;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function readJson(file: string, missing: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new CliError(missing);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
