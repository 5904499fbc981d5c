/** Revisions of the example apps for the tests, bundled once per test file. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureExampleBuilt } from '@comptastar/test-support';
import { layoutOf } from './layouts';
import { bundle, BundleOptions } from '../../src/revision/bundle';

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

/** Bundles the example's apps into a temporary folder; returns app -> revision folder. */
export async function bundleExamples(
  apps: ExampleApp[],
): Promise<{ dir: string; revisions: Record<ExampleApp, string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revisions-'));
  const revisions = {} as Record<ExampleApp, string>;
  for (const app of apps) revisions[app] = await bundleExample(app, path.join(dir, app));
  return { dir, revisions };
}

/** A copy of a revision that differs only in its metadata: a "new" revision of the same app. */
export function newRevisionOf(revision: string, version: string): string {
  const copy = `${revision}-${version}`;
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
  const zip = `${revision}.zip`;
  execFileSync('zip', ['-qr', zip, '.'], { cwd: revision });
  const size = fs.statSync(zip).size;
  fs.rmSync(zip);
  return size;
}
