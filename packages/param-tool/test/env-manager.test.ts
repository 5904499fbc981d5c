import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { MOTO_ENV } from '@comptastar/test-support';
import * as dotenv from 'dotenv';
import * as esbuild from 'esbuild';
import { useMotoSsm } from './support/moto-ssm';

const SCRIPT = path.join(__dirname, '..', 'bin', 'env-manager.sh');

const aws = useMotoSsm();
/** dist/bundle/ as the `bundle` task makes it: param-tool.cjs with env-manager.sh beside it. */
let bundleDir: string;

beforeAll(async () => {
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'param-tool-bundle-'));
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'src', 'entry.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(bundleDir, 'param-tool.cjs'),
    logLevel: 'warning',
  });
  fs.copyFileSync(SCRIPT, path.join(bundleDir, 'env-manager.sh'));
});

function envManager(
  args: string[],
  options: { script?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  const result = spawnSync('bash', [options.script ?? path.join(bundleDir, 'env-manager.sh'), ...args], {
    cwd: options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'env-manager-')),
    encoding: 'utf8',
    // No node_modules on the way: the bundle must carry everything.
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      ...MOTO_ENV,
      AWS_ENDPOINT_URL: aws.moto.endpoint,
      ...options.env,
    },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('writes a 0600 .env whose dotenv-parsed values equal the SSM values', async () => {
  const values: Record<string, string> = {
    DATABASE_URL: 'postgres://app:p#ss=w0rd@db:5432/app',
    JWT_SECRET: `it's a "secret" $HOME`,
    MULTILINE: 'line one\nline two',
    BACKTICKS: '`date` and $(id)',
    UNICODE: 'Grüße 😀',
    PLAIN: 'abc',
  };
  for (const [name, value] of Object.entries(values)) {
    await aws.ssm.send(
      new PutParameterCommand({ Name: `/staging/api/${name}`, Value: value, Type: 'SecureString' }),
    );
  }
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'env-manager-'));
  const result = envManager(['staging', 'api', 'app.env'], { cwd });
  expect(result.stderr).toContain('env-manager: wrote app.env from /staging/api/ (mode 0600)');
  expect(result.code).toBe(0);
  const file = path.join(cwd, 'app.env');
  expect(fs.statSync(file).mode.toString(8)).toMatch(/600$/);
  expect(dotenv.parse(fs.readFileSync(file))).toEqual(values);
  expect(fs.readdirSync(cwd)).toEqual(['app.env']);
});

test('defaults to .env and uses $PARAM_TOOL when set', async () => {
  await aws.ssm.send(
    new PutParameterCommand({ Name: '/dev/web/PORT', Value: '3000', Type: 'String', Overwrite: true }),
  );
  // The script alone, away from the bundle: only PARAM_TOOL can find param-tool.
  const lonely = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lonely-')), 'env-manager.sh');
  fs.copyFileSync(SCRIPT, lonely);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'env-manager-'));
  const result = envManager(['dev', 'web'], {
    script: lonely,
    cwd,
    env: { PARAM_TOOL: `node ${path.join(bundleDir, 'param-tool.cjs')}` },
  });
  expect(result.code).toBe(0);
  expect(fs.readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('PORT=3000\n');

  const missing = envManager(['dev', 'web'], { script: lonely, cwd, env: { PATH: '/usr/bin:/bin' } });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/env-manager: error: param-tool not found: set PARAM_TOOL/);
});

test('an empty path fails clearly and leaves the existing file untouched', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'env-manager-'));
  fs.writeFileSync(path.join(cwd, '.env'), 'OLD=1\n');
  const result = envManager(['dev', 'nothing-here'], { cwd });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('param-tool: no parameters under /dev/nothing-here/');
  expect(result.stderr).toContain(
    'env-manager: error: could not read /dev/nothing-here/ from SSM (see the message above); .env left unchanged',
  );
  expect(fs.readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('OLD=1\n');
  expect(fs.readdirSync(cwd)).toEqual(['.env']);
});

test('an access failure writes nothing', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'env-manager-'));
  const result = envManager(['dev', 'api'], {
    cwd,
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' },
  });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /param-tool: Failed to read \/dev\/api\/: cannot reach the SSM endpoint \(ECONNREFUSED\)/,
  );
  expect(fs.readdirSync(cwd)).toEqual([]);
});

test('usage errors exit 2', () => {
  expect(envManager(['only-env'])).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/^Usage: env-manager.sh <environment> <app> \[output-file/),
  });
});

test('is shellcheck-clean', () => {
  const result = spawnSync('shellcheck', ['-x', '-S', 'style', SCRIPT], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`shellcheck did not run (${result.error.message}): install Debian's shellcheck package`);
  }
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
