import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layoutOf } from './support/layouts';
import { buildKit } from '../src/kit';

let kit: string;
beforeAll(async () => {
  // Outside the package: the kit must run without node_modules.
  kit = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-test-')), 'kit');
  await buildKit(kit, () => undefined);
}, 60_000);
afterAll(() => fs.rmSync(path.dirname(kit), { recursive: true, force: true }));

test('holds the single-file CLI, the hooks, their library and the templates, and stays small', () => {
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: kit }).toString().trim().split('\n').sort();
  // PM2 for the instances, one tarball at the version this package tests with.
  const pm2Version = JSON.parse(fs.readFileSync(require.resolve('pm2/package.json'), 'utf8')).version;
  expect(files.filter((f) => f.startsWith('./runtime/'))).toEqual([`./runtime/pm2-${pm2Version}.tgz`]);
  expect(files.filter((f) => !f.startsWith('./param-tool/') && !f.startsWith('./runtime/'))).toEqual([
    './bin/deploy-hooks.cjs',
    './hooks/configure_environment.sh',
    './hooks/install_dependencies.sh',
    './hooks/lib/common.sh',
    './hooks/start_server.sh',
    './hooks/stop_server.sh',
    './hooks/validate_service.sh',
    './package.json',
    './templates/ecosystem.config.cjs',
  ]);
  const size = Number(
    execFileSync('du', ['-sk', path.join(kit, 'bin')])
      .toString()
      .split('\t')[0],
  );
  expect(size).toBeLessThan(1024);
});

test('its CLI runs with no node_modules and reports expected errors on one line', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(kit, 'bin/deploy-hooks.cjs'), 'rehearse', path.dirname(kit), '--health-path', '/health'],
    {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(`deploy-hooks: ${path.dirname(kit)} is not a revision: revision.json is missing\n`);
});

test('its package.json is neutral and pins one exact esbuild version (what `npm install` in CodeBuild fetches)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(kit, 'package.json'), 'utf8'));
  expect(pkg).toMatchObject({ name: 'deploy-kit', private: true });
  expect(pkg.dependencies).toEqual({ esbuild: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
});

/** A built Node.js server in the kit's temporary folder, and the kit CLI's `bundle` of it. */
function bundleServerWithKit(): ReturnType<typeof spawnSync> & { out: string } {
  const source = path.join(path.dirname(kit), 'apps', 'api');
  fs.mkdirSync(path.join(source, 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(source, 'package.json'),
    '{"name":"api","scripts":{"start:prod":"node dist/main"}}',
  );
  fs.writeFileSync(path.join(source, 'dist', 'main.js'), '');
  fs.writeFileSync(path.join(source, '.env.example'), 'PORT=1\n');
  fs.writeFileSync(path.join(path.dirname(kit), 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
  const out = `${source}-rev`;
  const r = spawnSync(
    process.execPath,
    [
      path.join(kit, 'bin/deploy-hooks.cjs'),
      'bundle',
      '--app',
      'api',
      '--source',
      source,
      '--out',
      out,
      '--layout',
      JSON.stringify(layoutOf('acme', 'api')),
    ],
    // Without the NODE_PATH that pnpm's bin shims set (it reaches the workspace's esbuild).
    { cwd: os.tmpdir(), encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
  );
  return { ...r, out };
}

test('bundling a Node.js server before `npm install` in the kit fails at once, saying what to run', () => {
  const r = bundleServerWithKit();
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
    status: 1,
    stdout: '',
    stderr:
      'deploy-hooks: esbuild is not installed beside deploy-hooks: in the kit run `npm install --prefix <kit dir>` ' +
      "(its package.json pins esbuild), or pass --no-esbuild to ship the server's node_modules as they are\n",
  });
  // Checked before anything is written: a revision already at --out is left as it was.
  expect(fs.existsSync(r.out)).toBe(false);
});

test("after `npm install --prefix <kit>`, the kit's CLI bundles with the esbuild in the kit's own node_modules", () => {
  // A stand-in for the pinned esbuild that npm installs there: it says it was the one called.
  const esbuild = path.join(kit, 'node_modules', 'esbuild');
  fs.mkdirSync(esbuild, { recursive: true });
  fs.writeFileSync(
    path.join(esbuild, 'package.json'),
    '{"name":"esbuild","version":"0.0.0-stand-in","main":"main.js"}',
  );
  fs.writeFileSync(
    path.join(esbuild, 'main.js'),
    "exports.build = async () => { throw new Error('the kit node_modules esbuild was called'); };\n",
  );
  try {
    const r = bundleServerWithKit();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('esbuild could not bundle');
    expect(r.stderr).toContain('Error: the kit node_modules esbuild was called');
  } finally {
    fs.rmSync(path.join(kit, 'node_modules'), { recursive: true, force: true });
  }
});

test('check-repo runs from the kit before its `npm install` (no esbuild): the build calls it before any install', () => {
  const example = path.resolve(__dirname, '..', '..', '..', 'examples', 'comptastar-app');
  const checkRepo = (root: string) =>
    spawnSync(
      process.execPath,
      [
        path.join(kit, 'bin/deploy-hooks.cjs'),
        'check-repo',
        '--app',
        'api=apps/api',
        '--app',
        'web=apps/web',
        '--lint',
        'pnpm run lint',
        '--test',
        'pnpm run test',
        '--build',
        'pnpm run build',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
    );
  expect(fs.existsSync(path.join(kit, 'node_modules'))).toBe(false);
  const ok = checkRepo(example);
  expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
  expect(ok.stdout).toMatch(/^check-repo: the repository at .* has what the build needs \(/);
  // An empty folder: the workspace, lockfile, root package.json and both app folders are missing.
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-test-empty-repo-'));
  const empty = checkRepo(emptyDir);
  fs.rmSync(emptyDir, { recursive: true });
  expect(empty.status).toBe(1);
  expect(empty.stderr).toMatch(/^deploy-hooks: the repository at .* lacks 5 items the build needs:\n {2}- /);
});
