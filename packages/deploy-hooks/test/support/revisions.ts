/**
 * Revisions of the example apps for the tests: bundled once per content version and shared by
 * every test file (sharedRevision), or bundled by the test that tests bundling (bundleExample).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedFolder, ensureExampleBuilt, folderHash } from '@comptastar/test-support';
import { layoutOf } from './layouts';
import { bundle, BundleOptions } from '../../src/revision/bundle';
import { kitRoot } from '../../src/revision/layout';
import { runtimeTarball } from '../../src/runtime';

const REAL_PARAM_TOOL = path.resolve(__dirname, '..', '..', '..', 'param-tool', 'dist', 'bundle');
/** A test double of param-tool's bundle, used only while packages/param-tool has not built its own. */
const PARAM_TOOL_STAND_IN = path.join(__dirname, 'param-tool-stand-in');

export function paramToolDir(): string {
  return fs.existsSync(path.join(REAL_PARAM_TOOL, 'param-tool.cjs')) ? REAL_PARAM_TOOL : PARAM_TOOL_STAND_IN;
}

export type ExampleApp = 'api' | 'web';

/** The example apps' health check paths (what their services configure). */
export const HEALTH: Record<ExampleApp, string> = { api: '/api/v1/health', web: '/api/health' };

/**
 * Bundles one app of the (built) example into `out`, with the real param-tool bundle when built,
 * for the instances of a project (ComptaStar's by default).
 */
export async function bundleExample(
  app: ExampleApp,
  out: string,
  options: Pick<BundleOptions, 'esbuild'> & { project?: string } = {},
): Promise<string> {
  const { project = 'comptastar', ...rest } = options;
  await bundle({
    app,
    source: path.join(await ensureExampleBuilt(), 'apps', app),
    out,
    layout: layoutOf(project, app),
    paramToolDir: paramToolDir(),
    ...rest,
  });
  return out;
}

/** What sharedRevision bundles: an app of the example, for a project's layout. */
export type SharedRevisionOptions = Pick<BundleOptions, 'esbuild'> & { project?: string };

/** The package's root: src/ (the bundler, compiled by jest's transform), hooks/ and templates/ go into a revision. */
const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/**
 * A hash of everything a revision of the example is made from: the example build (its folder is
 * named by the hash of the example's sources), this package's bundler, hooks and templates, this
 * file and the layouts, the PM2 tarball, param-tool's bundle, the esbuild and pnpm versions, the
 * options.
 */
async function revisionKey(app: ExampleApp, options: SharedRevisionOptions): Promise<string> {
  return createHash('sha256')
    .update(await (sourcesKey ??= keyOfSources()))
    .update(
      JSON.stringify({ app, project: options.project ?? 'comptastar', esbuild: options.esbuild ?? true }),
    )
    .digest('hex')
    .slice(0, 16);
}

/** The part of revisionKey that is the same for every app and option, computed once per test file. */
let sourcesKey: Promise<string> | undefined;
async function keyOfSources(): Promise<string> {
  const hash = createHash('sha256');
  const add = (name: string, value: string) => hash.update(name).update('\0').update(value).update('\0');
  add('example', path.basename(await ensureExampleBuilt()));
  for (const dir of ['src', 'hooks', 'templates']) add(dir, folderHash(path.join(PACKAGE_DIR, dir)));
  for (const file of [__filename, path.join(__dirname, 'layouts.ts'), runtimeTarball(kitRoot())]) {
    add(path.basename(file), createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  add('param-tool', `${paramToolDir()} ${folderHash(paramToolDir())}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  add('esbuild', require('esbuild/package.json').version);
  add('pnpm', execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim());
  return hash.digest('hex');
}

/** Each file of a revision with its size and modification time: what a test that wrote into it changes. */
function fingerprint(revision: string): string {
  return execFileSync('find', ['.', '-printf', '%p %s %T@\\n'], { cwd: revision, encoding: 'utf8' })
    .split('\n')
    .sort()
    .join('\n');
}

/**
 * The revision of an example app shared by every test file and jest worker of the machine:
 * bundled once per content version (revisionKey) into os.tmpdir()/comptastar-revision-<app>-<key>,
 * under test-support's cachedFolder lock. Read it, never write into it: copy it first
 * (newRevisionOf). Each call checks that no file of it changed since it was bundled.
 */
export async function sharedRevision(app: ExampleApp, options: SharedRevisionOptions = {}): Promise<string> {
  const key = await revisionKey(app, options);
  const { dir } = await cachedFolder(
    path.join(os.tmpdir(), `comptastar-revision-${app}-${key}`),
    async (out) => {
      await bundleExample(app, out, options);
      fs.writeFileSync(`${out}.fingerprint`, fingerprint(out));
    },
  );
  if (fingerprint(dir) !== fs.readFileSync(`${dir}.fingerprint`, 'utf8')) {
    throw new Error(
      `the shared revision ${dir} changed after it was bundled: a test wrote into it. Copy it first ` +
        `(newRevisionOf), then remove ${dir}.ready to bundle it again`,
    );
  }
  return dir;
}

/** Both apps' shared revisions (sharedRevision, default options): app -> revision folder. */
export async function sharedRevisions(): Promise<Record<ExampleApp, string>> {
  return { api: await sharedRevision('api'), web: await sharedRevision('web') };
}

/** Bundles the example's apps into a temporary folder; returns app -> revision folder. */
export async function bundleExamples(
  apps: ExampleApp[],
): Promise<{ dir: string; revisions: Record<ExampleApp, string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revisions-'));
  const revisions = {} as Record<ExampleApp, string>;
  for (const app of apps) revisions[app] = await bundleExample(app, path.join(dir, app));
  return { dir, revisions };
}

/**
 * A copy of a revision, in the test's own folder `dir`, that differs only in its metadata: a "new"
 * revision of the same app.
 */
export function newRevisionOf(revision: string, version: string, dir: string): string {
  const copy = path.join(dir, `${path.basename(revision)}-${version}`);
  fs.cpSync(revision, copy, { recursive: true, verbatimSymlinks: true });
  const metaFile = path.join(copy, 'revision.json');
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  fs.writeFileSync(
    metaFile,
    JSON.stringify({ ...meta, version, builtAt: new Date().toISOString() }, null, 2),
  );
  return copy;
}

/** Size in bytes of a revision zipped as CodeBuild zips it. */
export function zippedSize(revision: string): number {
  // Zipped into a folder of its own: never beside the revision, which may be shared.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zipped-size-'));
  try {
    const zip = path.join(dir, 'revision.zip');
    execFileSync('zip', ['-qr', zip, '.'], { cwd: revision });
    return fs.statSync(zip).size;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
