import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../src/errors';
import { paramToolDir } from './support/revisions';
import { renderAppspec } from '../src/revision/appspec';
import { bundle } from '../src/revision/bundle';
import { HOOKS } from '../src/revision/layout';

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
  const appspec = renderAppspec('api');

  test('copies the revision to the app folder, overwriting leftovers', () => {
    expect(appspec).toContain(
      'version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /opt/comptastar/api\n',
    );
    expect(appspec).toContain('file_exists_behavior: OVERWRITE\n');
    expect(appspec).toContain(
      '  - object: /opt/comptastar/api\n    owner: comptastar\n    group: comptastar\n',
    );
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

describe('bundle', () => {
  const out = () => path.join(tmp, 'out');

  test('fails clearly when the API was not built', async () => {
    const source = fakeApp({
      'package.json': '{"name":"x","scripts":{"start:prod":"exec node dist/main"}}',
      '.env.example': 'PORT=1\n',
    });
    await expect(bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir() })).rejects.toThrow(
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
    await expect(bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir() })).rejects.toThrow(
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
    await expect(bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir() })).rejects.toThrow(
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
    await expect(bundle({ app: 'x', source, out: out(), paramToolDir: paramToolDir() })).rejects.toThrow(
      /^build output missing: no server.js under .*\/apps\/x\/\.next\/standalone \(run `pnpm run build` with output: 'standalone'/,
    );
  });

  test('fails naming where it looked for the param-tool bundle', async () => {
    const source = fakeApp({ 'package.json': '{"name":"x"}' });
    await expect(
      bundle({ app: 'x', source, out: out(), paramToolDir: path.join(tmp, 'nope') }),
    ).rejects.toThrow(`param-tool bundle not found (env-manager.sh in ${path.join(tmp, 'nope')})`);
  });

  test('rejects an app name that cannot be a folder, PM2 name and SSM segment', async () => {
    await expect(bundle({ app: 'My App', source: tmp, out: out() })).rejects.toThrow(
      '--app must be lowercase letters, digits and dashes (at most 31), got "My App"',
    );
  });
});
