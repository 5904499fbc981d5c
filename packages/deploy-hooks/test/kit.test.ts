import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
  expect(files.filter((f) => !f.startsWith('./param-tool/'))).toEqual([
    './bin/deploy-hooks.cjs',
    './hooks/configure_environment.sh',
    './hooks/install_dependencies.sh',
    './hooks/lib/common.sh',
    './hooks/start_server.sh',
    './hooks/stop_server.sh',
    './hooks/validate_service.sh',
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
    [path.join(kit, 'bin/deploy-hooks.cjs'), 'rehearse', path.dirname(kit)],
    {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(`deploy-hooks: ${path.dirname(kit)} is not a revision: revision.json is missing\n`);
});
