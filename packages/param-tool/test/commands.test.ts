import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../src/cli';
import { MemoryStore } from './support/memory-store';
import { appRepo } from './support/run';

/** Runs param-tool in-process over an in-memory store. */
async function run(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; store?: MemoryStore }) {
  const store = options.store ?? new MemoryStore();
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'param-tool', ...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    createStore: () => store,
  });
  return { code, stdout, stderr, store };
}

describe('choosing the environment and apps', () => {
  test('PARAM_TOOL_ENV and the app folder you stand in', async () => {
    const repo = appRepo({ api: 'A=1\n', web: 'PORT=3000\n' });
    const result = await run([], { cwd: path.join(repo, 'apps', 'web'), env: { PARAM_TOOL_ENV: 'staging' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Environment: staging (PARAM_TOOL_ENV) · Apps: web (the app folder you are in)',
    );
    expect(result.stdout).toContain('/staging/web/PORT');
    expect(result.stdout).not.toContain('/staging/api/');
  });

  test('every apps/<app>/.env.example from the repo root, dev by default', async () => {
    const result = await run(['--json'], { cwd: appRepo({ api: 'A=1\n', web: 'B=2\n' }) });
    expect(result.stderr).toBe(
      'Environment: dev (default) · Apps: api, web (every apps/<app>/.env.example)\n',
    );
    expect(JSON.parse(result.stdout).parameters.map((p: { parameter: string }) => p.parameter)).toEqual([
      '/dev/api/A',
      '/dev/web/B',
    ]);
  });

  test('no app anywhere: says what to pass', async () => {
    const result = await run([], { cwd: appRepo({}) });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(
      /^param-tool: no app given and no apps\/<app>\/.env.example found here: pass --app <app>/,
    );
  });

  test('--file is read for one app', async () => {
    const repo = appRepo({});
    fs.writeFileSync(path.join(repo, 'custom.env'), 'X=1\n');
    const result = await run(['-cf', '--app', 'svc', '--file', 'custom.env'], { cwd: repo });
    expect(result.code).toBe(0);
    expect([...result.store.parameters.keys()]).toEqual(['/dev/svc/X']);
  });

  test('-f needs -c', async () => {
    const result = await run(['-f'], { cwd: appRepo({ api: 'A=1\n' }) });
    expect(result).toMatchObject({ code: 1, stderr: 'param-tool: -f works with -c: use -cf\n' });
  });
});

describe('-cf over the in-memory store', () => {
  test('records the inferred type in the description and tags', async () => {
    const { store, code } = await run(['-cf'], { cwd: appRepo({ api: 'PORT=3000\nDB_PASSWORD=x\n' }) });
    expect(code).toBe(0);
    expect(store.puts.map((p) => [p.name, p.type, p.description, p.overwrite, p.tags])).toEqual([
      [
        '/dev/api/PORT',
        'String',
        'param-tool: type=Port',
        false,
        { 'managed-by': 'param-tool', 'param-tool:type': 'Port' },
      ],
      [
        '/dev/api/DB_PASSWORD',
        'SecureString',
        'param-tool: type=String',
        false,
        { 'managed-by': 'param-tool', 'param-tool:type': 'String' },
      ],
    ]);
  });

  test('--overwrite without --yes and without a terminal is refused before any write', async () => {
    const store = new MemoryStore();
    await store.put({ name: '/dev/api/A', value: 'old', type: 'String', description: '', overwrite: false });
    const result = await run(['-cf', '--overwrite'], { cwd: appRepo({ api: 'A=new\nB=2\n' }), store });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'param-tool: nothing written: 1 parameter(s) would change and stdin is not a terminal; pass --yes to confirm\n',
    );
    expect(store.parameters.get('/dev/api/A')!.value).toBe('old');
    expect(store.parameters.has('/dev/api/B')).toBe(false);
  });

  test('-c without a terminal says to use -cf', async () => {
    const result = await run(['-c'], { cwd: appRepo({ api: 'A=1\n' }) });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'param-tool: -c asks questions, but stdin is not a terminal: use -cf\n',
    });
  });
});

describe('pull --out', () => {
  test('writes the file atomically with mode 0600, names sorted, and says so on stderr', async () => {
    const store = new MemoryStore();
    for (const [name, value] of [
      ['B', 'two words'],
      ['A', '1'],
    ]) {
      await store.put({ name: `/dev/api/${name}`, value, type: 'String', description: '', overwrite: false });
    }
    await store.put({
      name: '/dev/api/nested/C',
      value: 'x',
      type: 'String',
      description: '',
      overwrite: false,
    });
    const cwd = appRepo({});
    const result = await run(['pull', '--app', 'api', '--out', 'api.env'], { cwd, store });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Wrote 2 variable(s) from /dev/api/ to api.env (dotenv, mode 0600)');
    expect(fs.readFileSync(path.join(cwd, 'api.env'), 'utf8')).toBe("A=1\nB='two words'\n");
    expect(fs.statSync(path.join(cwd, 'api.env')).mode.toString(8)).toMatch(/600$/);
    expect(fs.readdirSync(cwd).sort()).toEqual(['api.env']);
  });

  test('--format shell output sourced by bash gives the same values', async () => {
    const store = new MemoryStore();
    const value = `it's $HOME and \`id\`\nline 2`;
    await store.put({ name: '/dev/api/TRICKY', value, type: 'String', description: '', overwrite: false });
    const result = await run(['pull', '--app', 'api', '--format', 'shell'], { cwd: appRepo({}), store });
    const { spawnSync } = await import('node:child_process');
    const echoed = spawnSync('bash', ['-c', `${result.stdout}\nprintf %s "$TRICKY"`], { encoding: 'utf8' });
    expect(echoed.stdout).toBe(value);
  });
});
