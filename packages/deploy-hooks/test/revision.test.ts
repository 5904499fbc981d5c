import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layoutOf } from './support/layouts';
import { paramToolDir } from './support/revisions';
import { CliError } from '../src/errors';
import { renderAppspec } from '../src/revision/appspec';
import { bundle } from '../src/revision/bundle';
import { IDENTITY_KEYS, parseEnvFile, parseLayout, renderLayoutEnv } from '../src/revision/identity';
import { HOOKS, REVISION } from '../src/revision/layout';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revision-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fakeApp(files: Record<string, string>): string {
  const dir = path.join(tmp, 'apps', 'x');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.writeFileSync(path.join(tmp, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
  return dir;
}

describe('appspec.yml', () => {
  const appspec = renderAppspec(layoutOf('acme', 'backend'));

  test("copies the revision to the layout's app folder, owned by its app user, overwriting leftovers", () => {
    expect(appspec).toContain(
      'version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /opt/acme/backend\n',
    );
    expect(appspec).toContain('file_exists_behavior: OVERWRITE\n');
    expect(appspec).toContain('  - object: /opt/acme/backend\n    owner: acme\n    group: acme\n');
  });

  test.each(HOOKS.map((h) => [h.event, h.script, h.timeoutSeconds] as const))(
    '%s runs hooks/%s as root with a %i s timeout',
    (event, script, timeout) => {
      expect(appspec).toContain(
        `  ${event}:\n    - location: hooks/${script}\n      timeout: ${timeout}\n      runas: root\n`,
      );
    },
  );

  test('lists the events in CodeDeploy order within its 3600 s limit', () => {
    const order = [...appspec.matchAll(/^ {2}(\w+):$/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'ApplicationStop',
      'BeforeInstall',
      'AfterInstall',
      'ApplicationStart',
      'ValidateService',
    ]);
    expect(HOOKS.every((h) => h.timeoutSeconds <= 3600)).toBe(true);
  });
});

describe('--layout', () => {
  const acme = layoutOf('acme', 'backend');

  test('takes the JSON object the buildspec passes', () => {
    expect(parseLayout(JSON.stringify(acme))).toEqual(acme);
  });

  test('names every missing and unknown key at once', () => {
    const { APP_HOME: _home, LOG_DIR: _logs, ...partial } = acme;
    expect(() => parseLayout(JSON.stringify({ ...partial, APP_PORT: '1' }))).toThrow(
      new CliError('--layout lacks APP_HOME, LOG_DIR; has unknown keys APP_PORT'),
    );
  });

  test('rejects a value the hooks could not use unquoted, naming the key and what is allowed', () => {
    expect(() =>
      parseLayout(JSON.stringify({ ...acme, APP_DIR: '/opt/my app/', APP_USER: 'Acme Corp' })),
    ).toThrow(
      new CliError(
        '--layout APP_USER must be a Linux user name (lowercase letters, digits, _ and -, at most 32), got "Acme Corp"; ' +
          `APP_DIR must be an absolute path of letters, digits, '.', '_' and '-' (no trailing slash), got "/opt/my app/"`,
      ),
    );
    expect(() => parseLayout('{"IDENTITY_FILE":')).toThrow(/^--layout is not JSON/);
  });

  test('layout.env tells the hooks where the identity is, its keys, and what the revision was built for', () => {
    expect(parseEnvFile(renderLayoutEnv('backend', acme))).toEqual({
      IDENTITY_FILE: '/etc/acme/identity.env',
      IDENTITY_KEYS: IDENTITY_KEYS.join(' '),
      APP_NAME: 'backend',
      APP_USER: 'acme',
      APP_HOME: '/home/acme',
      APP_DIR: '/opt/acme/backend',
      LOG_DIR: '/var/log/acme/backend',
      RUNTIME_DIR: '/opt/acme/.runtime',
    });
  });
});

describe('bundle', () => {
  const out = () => path.join(tmp, 'out');
  const layout = layoutOf('acme', 'x');

  test('writes the appspec and hooks/lib/layout.env for the layout, and no port or health path of its own', async () => {
    const source = fakeApp({
      'package.json': '{"name":"x","version":"1.2.3"}',
      'next.config.mjs': 'export default {}',
      '.env.example': 'PORT=3000\n',
      '.next/standalone/apps/x/server.js': '',
      '.next/static/chunk.js': '',
    });
    const meta = await bundle({ app: 'x', source, out: out(), layout, paramToolDir: paramToolDir() });
    expect(meta).toMatchObject({ app: 'x', kind: 'next', start: { cwd: 'app/apps/x', script: 'server.js' } });
    expect(Object.keys(meta).sort()).toEqual(['app', 'builtAt', 'commit', 'kind', 'start', 'version']);
    const appspec = fs.readFileSync(path.join(out(), REVISION.appspec), 'utf8');
    expect(appspec).toContain('    destination: /opt/acme/x\n');
    expect(appspec).toContain('    owner: acme\n');
    const layoutEnv = parseEnvFile(fs.readFileSync(path.join(out(), REVISION.layoutEnv), 'utf8'));
    expect(layoutEnv).toMatchObject({
      IDENTITY_FILE: '/etc/acme/identity.env',
      APP_NAME: 'x',
      APP_DIR: '/opt/acme/x',
    });
    expect(fs.existsSync(path.join(out(), 'hooks/lib/common.sh'))).toBe(true);
  });

  test('fails clearly when the API was not built', async () => {
    const source = fakeApp({
      'package.json': '{"name":"x","scripts":{"start:prod":"exec node dist/main"}}',
      '.env.example': 'PORT=1\n',
    });
    await expect(
      bundle({ app: 'x', source, out: out(), layout, paramToolDir: paramToolDir() }),
    ).rejects.toThrow(
      new CliError(
        `build output missing: ${path.join(source, 'dist/main.js')} (run \`pnpm run build\` first)`,
      ),
    );
  });

  test.each([
    ['no start script', '{"name":"x"}', 'it has no "start:prod" or "start" script'],
    [
      'a start script that runs no node <entry>',
      '{"name":"x","scripts":{"start":"nest start"}}',
      'its "start" script does not run `node <entry>`',
    ],
    [
      'node options before the entry (PM2 would drop them)',
      '{"name":"x","scripts":{"start:prod":"node --enable-source-maps dist/main"}}',
      'its "start:prod" script does not run `node <entry>`',
    ],
  ])('refuses a Node.js server with %s, saying what to add', async (_, pkg, what) => {
    const source = fakeApp({ 'package.json': pkg, '.env.example': 'PORT=1\n', 'dist/main.js': '' });
    await expect(
      bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir(), layout: layoutOf('acme', 'x') }),
    ).rejects.toThrow(
      new CliError(
        `${path.join(source, 'package.json')}: ${what}: add "start:prod": "node dist/main.js" ` +
          '(the built entry file); the instances run that file with node under PM2',
      ),
    );
  });

  test('refuses a Next.js app whose config does not set the standalone output', async () => {
    const source = fakeApp({
      'package.json': '{"name":"x"}',
      'next.config.mjs': "export default { output: 'export' }",
      '.env.example': 'PORT=1\n',
    });
    await expect(
      bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir(), layout: layoutOf('acme', 'x') }),
    ).rejects.toThrow(
      new CliError(
        `${path.join(source, 'next.config.mjs')} does not set output: 'standalone': add it to the config ` +
          'object; `next build` writes .next/standalone/**/server.js, the server the instances run, only with it',
      ),
    );
  });

  test('fails clearly when the Next.js standalone output is missing', async () => {
    const source = fakeApp({
      'package.json': '{"name":"x"}',
      'next.config.mjs': "export default { output: 'standalone' }",
      '.env.example': 'PORT=1\n',
    });
    await expect(
      bundle({ app: 'x', source, out: out(), layout, paramToolDir: paramToolDir() }),
    ).rejects.toThrow(
      /^build output missing: no server.js under .*\/apps\/x\/\.next\/standalone \(run `pnpm run build` with output: 'standalone'/,
    );
  });

  test('fails naming where it looked for the param-tool bundle', async () => {
    const source = fakeApp({ 'package.json': '{"name":"x"}' });
    await expect(
      bundle({ app: 'x', source, out: out(), layout, paramToolDir: path.join(tmp, 'nope') }),
    ).rejects.toThrow(`param-tool bundle not found (env-manager.sh in ${path.join(tmp, 'nope')})`);
  });

  test('rejects an app name that cannot be a folder, PM2 name and SSM segment', async () => {
    await expect(bundle({ app: 'My App', source: tmp, out: out(), layout })).rejects.toThrow(
      '--app must be lowercase letters, digits and dashes (at most 31), got "My App"',
    );
  });
});
