/**
 * The run-time tools the hooks need on an instance beyond Node.js (which comes from Amazon Linux's
 * own repository): PM2, shipped in every revision as one tarball (`tools/pm2-<version>.tgz`) so
 * that neither a deployment nor a scale-out needs the npm registry. BeforeInstall unpacks it once
 * per version under /opt/comptastar/.runtime.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './errors';

/** The tarball's file name for a PM2 version. */
export const pm2TarballName = (version: string) => `pm2-${version}.tgz`;

/**
 * The PM2 tarball a revision ships: the kit's `runtime/` (written by `kit`), or, when running from
 * the package (tests, `deploy-hooks` in the workspace), packed once into `dist/runtime/`.
 */
export function runtimeTarball(kit: string): string {
  const fromKit = path.join(kit, 'runtime');
  const dir = fs.existsSync(fromKit) ? fromKit : path.join(kit, 'dist', 'runtime');
  const existing = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /^pm2-.*\.tgz$/.test(f)) : undefined;
  if (existing) return path.join(dir, existing);
  if (dir === fromKit) {
    throw new CliError(`${fromKit} holds no PM2 tarball: rebuild the kit (\`npx projen kit\`)`);
  }
  return packPm2(dir);
}

/**
 * Writes `<outDir>/pm2-<version>.tgz`: `node_modules/` holding PM2 and its production dependency
 * tree, copied from where Node resolves them (this package's PM2), laid out flat as npm would
 * (a second version of a package nests under the package that needs it). Returns the file.
 */
export function packPm2(outDir: string): string {
  const pm2Dir = path.dirname(require.resolve('pm2/package.json'));
  const version = readManifest(pm2Dir).version;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-runtime-'));
  try {
    const modules = path.join(staging, 'node_modules');
    copyTree(pm2Dir, modules, new Map());
    fs.mkdirSync(outDir, { recursive: true });
    const tarball = path.join(outDir, pm2TarballName(version));
    // Written beside it, then renamed into place: test files packing at once (jest workers) never
    // see, nor leave, a half-written tarball.
    const partial = path.join(outDir, `.${pm2TarballName(version)}.${process.pid}.partial`);
    execFileSync('tar', ['-czf', partial, '-C', staging, 'node_modules']);
    fs.renameSync(partial, tarball);
    return tarball;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Copies the package at `source` (a real folder) into `modules` (top level, or nested when another
 * version already sits there), then its dependencies, resolved from the package's own folder.
 * `placed` maps name -> version at the top level.
 */
function copyTree(source: string, modules: string, placed: Map<string, string>, nestedIn?: string): void {
  const manifest = readManifest(source);
  let target: string;
  if (!placed.has(manifest.name)) {
    placed.set(manifest.name, manifest.version);
    target = path.join(modules, manifest.name);
  } else if (placed.get(manifest.name) === manifest.version) {
    return;
  } else {
    if (!nestedIn) throw new CliError(`cannot place ${manifest.name}@${manifest.version} in the PM2 runtime`);
    target = path.join(nestedIn, 'node_modules', manifest.name);
    if (fs.existsSync(target)) return;
  }
  fs.cpSync(source, target, {
    recursive: true,
    dereference: true,
    // Its own dependencies are placed by this walk, not copied from pnpm's links.
    filter: (f) => path.relative(source, f).split(path.sep)[0] !== 'node_modules',
  });
  const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
  for (const name of Object.keys(deps)) {
    const dir = findPackage(name, fs.realpathSync(source));
    if (!dir) {
      if (manifest.optionalDependencies?.[name]) continue; // an optional dependency not installed here
      throw new CliError(
        `${manifest.name} needs ${name}, which is not installed: cannot pack the PM2 runtime`,
      );
    }
    copyTree(dir, modules, placed, target);
  }
}

/** Node's lookup of a package from a folder: `node_modules/<name>` here, then in each parent. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}
