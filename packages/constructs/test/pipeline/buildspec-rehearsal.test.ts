/**
 * Rehearsal of the generated buildspec: the commands of the synthesized CodeBuild project run,
 * in order and in one bash session as CodeBuild runs them, in a clean copy of
 * examples/comptastar-app, with the real deploy-hooks kit. Only what needs AWS or the npm
 * registry is replaced: the S3 download of the kit (the kit folder is given locally), the kit's
 * `npm install` (its pinned esbuild is linked from this workspace, at the same version) and
 * `npm install -g pnpm` (skipped when that pnpm is on PATH, otherwise installed into a temporary prefix).
 * The kit's check of the repository (`deploy-hooks check-repo`) runs first, as in CodeBuild: before
 * any install, while the kit has no node_modules.
 * The buildspec's cached paths start as CodeBuild's S3 cache would restore them after a first
 * build: the project-local pnpm store is a hard-linked copy of this machine's store (a cold store
 * downloads for about 4 minutes), and each Next.js app's `.next/cache` a copy of the one the
 * shared example build left (a cold Next.js build compiles twice the work).
 * Then it installs, lints, tests and builds the NestJS and Next.js apps.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureExampleBuilt } from '@comptastar/test-support';
import { buildSpecOf, synth } from './fixture';
import { KIT_DOWNLOAD_COMMAND, KIT_INSTALL_COMMAND } from '../../src/pipeline/buildspec';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'comptastar-app');
const KIT_DIR = path.join(REPO_ROOT, 'packages', 'deploy-hooks', 'dist', 'kit');
const PARAM_TOOL_BUNDLE = path.join(REPO_ROOT, 'packages', 'param-tool', 'dist', 'bundle');
/** Build output and machine-local files: never in a fresh clone. */
const NOT_IN_A_CLONE = new Set([
  'node_modules',
  '.next',
  'dist',
  'coverage',
  '.pnpm-store',
  '.env',
  '.revisions',
]);

/** The runner's environment without npm/pnpm script variables and Jest's NODE_ENV=test. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_|pnpm_|jest_)/i.test(key) ||
      key === 'NODE_ENV' ||
      // pnpm's bin shims set NODE_PATH to the workspace's packages: the kit must not see them.
      key === 'NODE_PATH' ||
      key === 'INIT_CWD' ||
      key === 'JEST_WORKER_ID'
    ) {
      continue;
    }
    env[key] = value;
  }
  return { ...env, ...extra };
}

function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'a');
    const child = spawn('bash', ['-e', script], { cwd, env, stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 12 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

/**
 * What replaces the kit's `npm install`, at its place in the build: a link to this workspace's
 * install of the kit's pinned esbuild in <kit>/node_modules (a different version fails the
 * rehearsal). Until then the kit has no node_modules, as in CodeBuild.
 */
function kitDependenciesCommand(kit: string): string {
  const pinned = JSON.parse(fs.readFileSync(path.join(kit, 'package.json'), 'utf8')).dependencies.esbuild;
  const local = path.dirname(require.resolve('esbuild/package.json'));
  const version = JSON.parse(fs.readFileSync(path.join(local, 'package.json'), 'utf8')).version;
  if (version !== pinned) {
    throw new Error(`the kit pins esbuild ${pinned} but this workspace has ${version}: rebuild the kit`);
  }
  return `mkdir -p "${kit}/node_modules" && ln -s "${fs.realpathSync(local)}" "${kit}/node_modules/esbuild"`;
}

/** A copy of the kit with param-tool's bundle, as the kit build adds it once param-tool is built. */
function kitCopy(into: string): string {
  fs.cpSync(KIT_DIR, into, { recursive: true });
  if (
    !fs.existsSync(path.join(into, 'param-tool')) &&
    fs.existsSync(path.join(PARAM_TOOL_BUNDLE, 'env-manager.sh'))
  ) {
    // eslint-disable-next-line no-console
    console.warn(
      `*** ${KIT_DIR} has no param-tool/: the rehearsal adds ${PARAM_TOOL_BUNDLE} (rebuild the kit)`,
    );
    fs.cpSync(PARAM_TOOL_BUNDLE, path.join(into, 'param-tool'), { recursive: true });
  }
  return into;
}

/**
 * What CodeBuild restores from the S3 cache (`.pnpm-store/**` of an earlier build), taken from
 * this machine's pnpm store with hard links: pnpm never rewrites store files in place.
 */
function seedStoreAsCacheHit(storeDir: string): void {
  const machineStore = execFileSync('pnpm', ['store', 'path'], {
    encoding: 'utf8',
    env: cleanEnv({}),
  }).trim();
  if (!fs.existsSync(machineStore)) return;
  fs.mkdirSync(storeDir, { recursive: true });
  try {
    execFileSync('cp', ['-al', machineStore, path.join(storeDir, path.basename(machineStore))]);
  } catch {
    // eslint-disable-next-line no-console
    console.warn('*** could not hard-link the pnpm store (another filesystem?): the rehearsal installs cold');
  }
}

/** The folder a buildspec cache path names (`<folder>/**\/*`), relative to the source. */
function cachedFolder(cachePath: string): string {
  return cachePath.replace(/\/\*\*\/\*$/, '');
}

/**
 * What CodeBuild restores of the buildspec's cached Next.js paths (`<app>/.next/cache/**`) after a
 * first build: a copy of each app's cache from the example build (copied, not linked: Next.js
 * rewrites its cache files).
 */
async function seedNextCachesAsCacheHit(nextCaches: string[], src: string): Promise<void> {
  const built = await ensureExampleBuilt();
  for (const dir of nextCaches) {
    if (fs.existsSync(path.join(built, dir))) {
      fs.cpSync(path.join(built, dir), path.join(src, dir), { recursive: true });
    }
  }
}

/** Each file below `dir` (relative path) with its modification time and size. */
function fileStamps(dir: string): Map<string, string> {
  const stamps = new Map<string, string>();
  if (!fs.existsSync(dir)) return stamps;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const stat = fs.statSync(path.join(dir, f));
    if (stat.isFile()) stamps.set(f, `${stat.mtimeMs}:${stat.size}`);
  }
  return stamps;
}

/** The files of `after` that are new or changed since `before`. */
function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([f, stamp]) => before.get(f) !== stamp).map(([f]) => f);
}

describe('generated buildspec, rehearsed on examples/comptastar-app', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'buildspec-rehearsal-'));
  const src = path.join(work, 'src');
  const logFile = path.join(work, 'build.log');
  const spec = buildSpecOf(synth().template);
  let exitCode: number;
  /** Each cached Next.js path's files as restored, before the build. */
  const restoredCaches = new Map<string, Map<string, string>>();
  const skipped: string[] = [];
  /** The buildspec's cached Next.js folders (`<app>/.next/cache`), relative to the source. */
  const nextCaches = (spec.cache.paths as string[])
    .filter((p) => p.includes('.next/cache'))
    .map(cachedFolder);
  const nextCacheDirs = nextCaches.map((dir) => path.join(src, dir));

  beforeAll(async () => {
    if (!fs.existsSync(path.join(KIT_DIR, 'bin', 'deploy-hooks.cjs'))) {
      throw new Error(
        `the buildspec rehearsal needs the real deploy-hooks kit at ${KIT_DIR}: build it with ` +
          '`pnpm --filter @comptastar/deploy-hooks run compile:full` (or `npx projen build`)',
      );
    }
    fs.cpSync(EXAMPLE_DIR, src, { recursive: true, filter: (f) => !NOT_IN_A_CLONE.has(path.basename(f)) });
    const kit = kitCopy(path.join(work, 'kit'));
    seedStoreAsCacheHit(path.join(src, '.pnpm-store'));
    await seedNextCachesAsCacheHit(nextCaches, src);
    const home = path.join(work, 'home');
    fs.mkdirSync(home);

    const commands: string[] = [
      ...spec.phases.install.commands,
      ...spec.phases.pre_build.commands,
      ...spec.phases.build.commands,
    ];
    const pnpmInstall = commands.find((c) => /^npm install -g pnpm@/.test(c));
    const wantedPnpm = /^npm install -g pnpm@(\S+)$/.exec(pnpmInstall ?? '')?.[1];
    const localPnpm = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim();
    const script = commands.flatMap((command) => {
      // The kit comes from S3, and the parameter check asks SSM (tested in param-tool against moto).
      if (command === KIT_DOWNLOAD_COMMAND || /param-tool\.cjs" check /.test(command)) {
        skipped.push(command);
        return [];
      }
      if (command === KIT_INSTALL_COMMAND) {
        skipped.push(command);
        return [kitDependenciesCommand(kit)];
      }
      if (command === pnpmInstall && wantedPnpm === localPnpm) {
        skipped.push(command);
        return [];
      }
      if (command === pnpmInstall) {
        // Not the machine's global npm prefix: a temporary one, first on PATH.
        return [
          `npm install -g --prefix "${work}/npm-prefix" pnpm@${wantedPnpm}`,
          `export PATH="${work}/npm-prefix/bin:$PATH"`,
        ];
      }
      return [`echo "+ [\${SECONDS}s] ${command.replace(/["$`\\]/g, '\\$&')}"`, command];
    });
    fs.writeFileSync(path.join(work, 'build.sh'), script.join('\n') + '\n');

    for (const dir of nextCacheDirs) restoredCaches.set(dir, fileStamps(dir));
    exitCode = await runScript(
      path.join(work, 'build.sh'),
      src,
      cleanEnv({
        ...spec.env.variables,
        CODEBUILD_SRC_DIR: src,
        KIT_DIR: kit,
        // `pnpm config set` writes the user's global config: keep it inside the rehearsal.
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
      }),
      logFile,
    );
  }, 13 * 60_000);

  afterAll(() => {
    if (exitCode === 0 && !process.env.KEEP_REHEARSAL) fs.rmSync(work, { recursive: true, force: true });
  });

  test('every command of install, pre_build and build succeeds', () => {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    expect({ exitCode, log: exitCode === 0 ? '' : `${logFile}:\n${tail}` }).toEqual({ exitCode: 0, log: '' });
    expect(skipped).toEqual(expect.arrayContaining([KIT_DOWNLOAD_COMMAND, KIT_INSTALL_COMMAND]));
  });

  test('the repository check ran first, before any install, and found the example complete', () => {
    const log = fs.readFileSync(logFile, 'utf8');
    const checked = log.indexOf('check-repo: the repository at ');
    expect(checked).toBeGreaterThanOrEqual(0);
    expect(log.slice(0, checked)).not.toMatch(/\+ \[\d+s\] (npm|pnpm) install/);
    expect(log.slice(checked)).toMatch(/\+ \[\d+s\] pnpm install --frozen-lockfile/);
  });

  test('the pnpm store lands in the cached path, inside the source folder', () => {
    const [cached] = spec.cache.paths as string[];
    const storeDir = path.join(src, cachedFolder(cached));
    expect(fs.readdirSync(storeDir).length).toBeGreaterThan(0);
  });

  test('Next.js writes its build cache where the buildspec caches it (the next build starts warm)', () => {
    const written = nextCacheDirs.filter(
      (dir) => changedFiles(restoredCaches.get(dir)!, fileStamps(dir)).length > 0,
    );
    expect(written).toEqual([path.join(src, 'apps/web/.next/cache')]);
  });

  test.each(['api', 'web'])(
    'the %s revision has the contract shape: appspec, hooks, metadata, the app',
    (app) => {
      const artifact = spec.artifacts['secondary-artifacts'][`${app}_revision`];
      const revision = path.join(src, artifact['base-directory']);
      const appspec = fs.readFileSync(path.join(revision, 'appspec.yml'), 'utf8');
      expect(appspec).toMatch(/^version: 0\.0$/m);
      expect(appspec).toMatch(/^os: linux$/m);
      const scripts = [...appspec.matchAll(/location: (\S+)/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThanOrEqual(4);
      for (const script of scripts) {
        expect(fs.existsSync(path.join(revision, script))).toBe(true);
      }
      const metadata = JSON.parse(fs.readFileSync(path.join(revision, 'revision.json'), 'utf8'));
      expect(metadata).toMatchObject({ app, kind: app === 'web' ? 'next' : 'nest' });
      if (app === 'api') {
        // Bundled by the kit's own esbuild (node_modules of the kit, NODE_PATH cleared).
        expect(metadata.server).toMatchObject({ bundler: 'esbuild', nodeModules: false });
      }
      const start = path.join(revision, metadata.start.cwd, metadata.start.script);
      expect(fs.statSync(start).isFile()).toBe(true);
      expect(fs.statSync(path.join(revision, 'hooks')).isDirectory()).toBe(true);
      expect(fs.existsSync(path.join(revision, 'ecosystem.config.cjs'))).toBe(true);
      expect(fs.existsSync(path.join(revision, '.env.example'))).toBe(true);
    },
  );
});
