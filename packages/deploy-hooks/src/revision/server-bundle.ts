import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import type * as esbuild from 'esbuild';
import { ServerBundleRecord } from './layout';
import { CliError } from '../errors';

export interface ServerBundleOptions {
  /** The app folder `pnpm deploy --prod` wrote: package.json, the build output, node_modules. */
  readonly appDir: string;
  /** The entry the start script runs, relative to appDir (e.g. dist/main.js). */
  readonly entry: string;
  /** Packages to leave out of the bundle and load from node_modules at run time. @default - none */
  readonly external?: readonly string[];
  /** Receives progress lines. @default - none */
  readonly log?: (line: string) => void;
}

/** What the bundle step did: revision.json records all of it but the script (start.script). */
export interface ServerBundle extends Omit<ServerBundleRecord, 'bundler'> {
  /** The single file PM2 runs, relative to appDir. */
  readonly script: string;
}

/**
 * Bundles a Node.js server and the production dependencies it imports into one file with
 * esbuild, then drops node_modules unless an external package needs it. Returns undefined, and
 * leaves the app as it was, when a declared dependency is not in the bundle.
 *
 * Why: a NestJS server loads about 950 modules from about 3,000 files at boot. One file makes
 * CodeDeploy's copy and the boot each take a fraction of the time. Names are kept (Nest's
 * dependency injection and logs use class names); packages with a native addon stay external.
 */
export async function bundleServer(options: ServerBundleOptions): Promise<ServerBundle | undefined> {
  const log = options.log ?? (() => undefined);
  const { appDir, entry } = options;
  const pkg = readPackageJson(appDir);
  const modules = path.join(appDir, 'node_modules');
  const native = fs.existsSync(modules) ? packagesWithNativeAddons(modules) : [];
  const external = [...new Set([...(options.external ?? []), ...native])].sort();
  const esm = isEsm(pkg, entry);
  const script = path.join(
    path.dirname(entry),
    `${path.basename(entry, path.extname(entry))}.bundle.${esm ? 'mjs' : 'cjs'}`,
  );
  const notInstalled = new Set<string>();

  const build = await loadEsbuild();
  let result: esbuild.BuildResult;
  try {
    result = await build({
      // Paths in the bundle's comments and errors are then relative to the app, not the build machine.
      absWorkingDir: path.resolve(appDir),
      entryPoints: [path.join(appDir, entry)],
      outfile: path.join(appDir, script),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: esm ? 'esm' : 'cjs',
      keepNames: true,
      external,
      // CommonJS dependencies inside an ES module bundle still call require and read __dirname.
      banner: esm ? { js: ESM_REQUIRE_SHIM } : undefined,
      plugins: [leaveMissingPackagesExternal(notInstalled)],
      metafile: true,
      logLevel: 'silent',
    });
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    const errors = (failure.errors ?? []).map((e) => `${e.location?.file ?? ''}: ${e.text}`).join('; ');
    throw new CliError(
      `esbuild could not bundle ${path.join(appDir, entry)}: ${errors || String(err)} ` +
        '(list the package with --external, or pass --no-esbuild to ship node_modules as they are)',
    );
  }
  for (const warning of result.warnings) log(`esbuild: ${warning.text}`);

  const bundled = bundledPackages(result.metafile!);
  // A dependency the app declares but the bundle lacks is loaded by a computed path (such as
  // terminus's loadPackage('@nestjs/typeorm')) or not at all. Loading it from node_modules beside
  // the bundle would give it its own copy of what it imports (two @nestjs/common: broken
  // injection), so the server ships unbundled.
  const unseen = declaredDependencies(pkg).filter(
    (name) => installed(modules, name) && !bundled.has(name) && !external.includes(name),
  );
  if (unseen.length > 0) {
    fs.rmSync(path.join(appDir, script));
    log(
      `not bundled: the bundle lacks the dependencies ${unseen.join(', ')} (loaded by a computed require, or unused: ` +
        'then remove them from package.json); shipping node_modules as `pnpm deploy --prod` wrote them',
    );
    return undefined;
  }

  const keepModules = external.some((name) => installed(modules, name));
  if (!keepModules && fs.existsSync(modules)) {
    const left = installedPackages(modules).filter((name) => !bundled.has(name));
    if (left.length > 0) {
      // Dependencies of dependencies: unused, or loaded by a computed path.
      log(
        `not in the bundle (pass --external <name> if the server loads one at run time): ${left.join(', ')}`,
      );
    }
    fs.rmSync(modules, { recursive: true, force: true });
  }
  log(
    `bundled ${entry} into ${script} (${(fs.statSync(path.join(appDir, script)).size / 1024 / 1024).toFixed(1)} MB); ` +
      `external: ${external.join(', ') || 'none'}; not installed: ${[...notInstalled].join(', ') || 'none'}; ` +
      `node_modules ${keepModules ? 'kept' : 'dropped'}`,
  );
  return { script, external, notInstalled: [...notInstalled].sort(), nodeModules: keepModules };
}

/** The fields of the app's package.json (as `pnpm deploy` wrote it) that the bundle step reads. */
interface PackageJson {
  readonly type?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readPackageJson(appDir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as PackageJson;
}

function declaredDependencies(pkg: PackageJson): string[] {
  return Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).sort();
}

const installed = (modules: string, name: string) => fs.existsSync(path.join(modules, name, 'package.json'));

const ESM_REQUIRE_SHIM = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');

function isEsm(pkg: PackageJson, entry: string): boolean {
  if (entry.endsWith('.mjs')) return true;
  if (entry.endsWith('.cjs')) return false;
  return pkg.type === 'module';
}

/**
 * Node resolves an import when it runs: a package that is not installed fails only if the code
 * reaches it. Nest loads its optional peers (microservices, websockets) that way, so the bundle
 * leaves such imports as they are instead of failing the build.
 */
function leaveMissingPackagesExternal(notInstalled: Set<string>): esbuild.Plugin {
  const retry = Symbol('retry');
  return {
    name: 'leave-missing-packages-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === retry || isBuiltin(args.path)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: retry,
        });
        if (resolved.errors.length === 0) return resolved;
        notInstalled.add(packageName(args.path));
        return { path: args.path, external: true };
      });
    },
  };
}

/** Installed packages that ship a compiled addon (`*.node`): esbuild cannot inline those. */
export function packagesWithNativeAddons(modules: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string, pkg: string | undefined): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, pkg);
      } else if (pkg && entry.isFile() && entry.name.endsWith('.node')) {
        found.add(pkg);
      }
    }
  };
  for (const name of installedPackages(modules)) walk(path.join(modules, name), name);
  return [...found].sort();
}

/** The packages whose files esbuild put in the bundle (its metafile's inputs are relative to absWorkingDir). */
function bundledPackages(metafile: esbuild.Metafile): Set<string> {
  return new Set(
    Object.keys(metafile.inputs)
      .map((input) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
      .filter((name): name is string => !!name),
  );
}

function installedPackages(modules: string): string[] {
  return fs
    .readdirSync(modules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) =>
      n.startsWith('@') ? fs.readdirSync(path.join(modules, n)).map((m) => `${n}/${m}`) : [n],
    );
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * esbuild is a dependency of this package; the kit (one file) finds it in its own node_modules,
 * which CodeBuild installs from the kit's package.json.
 */
export async function loadEsbuild(): Promise<typeof esbuild.build> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('esbuild') as typeof esbuild).build;
  } catch {
    throw new CliError(
      'esbuild is not installed beside deploy-hooks: in the kit run `npm install --prefix <kit dir>` ' +
        "(its package.json pins esbuild), or pass --no-esbuild to ship the server's node_modules as they are",
    );
  }
}
