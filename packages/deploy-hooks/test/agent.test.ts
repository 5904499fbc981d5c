/**
 * The agent model of the rehearsal (src/rehearse/: agent.ts, run-script.ts, script-log.ts,
 * deployment-root.ts, install.ts) on small synthetic revisions, and the
 * hooks' failure report as CodeDeploy shows it (the agent's ~2 KB window).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layoutOf } from './support/layouts';
import { AGENT, agentEnvironment } from '../src/rehearse/agent';
import { DeploymentRoot } from '../src/rehearse/deployment-root';
import { hookEnvironment, prepareInstance, rehearsalIdentity } from '../src/rehearse/instance';
import { runScript } from '../src/rehearse/run-script';
import { ScriptLog } from '../src/rehearse/script-log';
import { renderLayoutEnv } from '../src/revision/identity';
import { REVISION } from '../src/revision/layout';

const HOOKS_DIR = path.resolve(__dirname, '..', 'hooks');
const GROUP = {
  applicationName: 'rehearsal-api',
  name: 'rehearsal-api-bg',
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
};
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes an executable script under `archive` and returns its appspec entry. */
function script(archive: string, name: string, body: string, timeout = 30) {
  fs.mkdirSync(archive, { recursive: true });
  fs.writeFileSync(path.join(archive, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  return { location: name, timeout };
}

describe('ScriptLog: what CodeDeploy keeps of a script output', () => {
  test('keeps every entry while they fit, and drops the oldest ones past about 2 KB', () => {
    const log = new ScriptLog();
    for (let i = 0; i < 100; i++) {
      log.append(`[stdout]line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}\n`);
    }
    // 58 characters an entry: the agent's rule keeps 35 of them (2030 characters).
    expect(log.text.length).toBe(35 * 58);
    expect(log.text.startsWith('[stdout]line 065 ')).toBe(true);
    expect(log.text.endsWith(`line 099 ${'x'.repeat(40)}\n`)).toBe(true);
  });

  test('an entry longer than the window empties it', () => {
    const log = new ScriptLog();
    log.append('[stderr]the cause\n');
    log.append(`[stdout]${'y'.repeat(AGENT.logWindow)}\n`);
    expect(log.text).toBe('');
  });
});

describe('runScript: a hook as the agent runs it', () => {
  test('from `/`, with the agent environment and nothing of the caller', async () => {
    const archive = path.join(dir, 'archive');
    process.env.CALLER_ONLY = 'leaks';
    const env = agentEnvironment(GROUP, 'd-ABCDEFGHI', 'AfterInstall');
    const r = await runScript({
      event: 'AfterInstall',
      script: script(archive, 'env.sh', 'pwd; env | grep -v "^_=\\|^SHLVL=\\|^PWD=" | sort'),
      archive,
      env,
    });
    delete process.env.CALLER_ONLY;
    expect(r.exitCode).toBe(0);
    expect(r.output.split('\n').filter(Boolean)).toEqual([
      '/',
      'APPLICATION_NAME=rehearsal-api',
      'DEPLOYMENT_GROUP_ID=a1b2c3d4-0000-4000-8000-000000000001',
      'DEPLOYMENT_GROUP_NAME=rehearsal-api-bg',
      'DEPLOYMENT_ID=d-ABCDEFGHI',
      'HOME=/root',
      'LIFECYCLE_EVENT=AfterInstall',
      `PATH=${AGENT.path}`,
    ]);
    expect(r.agentLog).toBe(
      'LifecycleEvent - AfterInstall\nScript - env.sh\n[stdout]/\n' +
        r.output
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((l) => `[stdout]${l}\n`)
          .join(''),
    );
  });

  test('on timeout sends SIGTERM to the whole process group', async () => {
    const archive = path.join(dir, 'archive');
    const marker = path.join(dir, 'child-got-term');
    const r = await runScript({
      event: 'ApplicationStop',
      script: script(
        archive,
        'slow.sh',
        `(trap 'echo term > ${marker}; exit 0' TERM; sleep 30 & wait) >/dev/null 2>&1 & echo started; sleep 30`,
        1,
      ),
      archive,
      env: agentEnvironment(GROUP, 'd-ABCDEFGHI', 'ApplicationStop'),
    });
    expect(r.exitCode).toBe(1);
    expect(r.error).toBe('Script at specified location: slow.sh failed to complete in 1 seconds');
    // The background child, in the script's group, got the SIGTERM too.
    await waitUntil(() => fs.existsSync(marker));
    expect(fs.readFileSync(marker, 'utf8')).toBe('term\n');
  });

  test('a script that exits leaving stdout open (a bare `&`) counts as not finished', async () => {
    const archive = path.join(dir, 'archive');
    const r = await runScript({
      event: 'ApplicationStart',
      script: script(archive, 'start.sh', 'sleep 30 & echo started; exit 0', 1),
      archive,
      env: agentEnvironment(GROUP, 'd-ABCDEFGHI', 'ApplicationStart'),
    });
    expect(r.exitCode).toBe(1);
    expect(r.error).toBe('Script at specified location: start.sh failed to close STDOUT');
    expect(r.output).toBe('started\n');
  });

  test('a failing script reports its exit code as the agent words it', async () => {
    const archive = path.join(dir, 'archive');
    const r = await runScript({
      event: 'AfterInstall',
      script: { ...script(archive, 'fail.sh', 'echo why >&2; exit 3'), runas: 'root' },
      archive,
      env: agentEnvironment(GROUP, 'd-ABCDEFGHI', 'AfterInstall'),
    });
    expect(r.exitCode).toBe(3);
    expect(r.error).toBe('Script at specified location: fail.sh run as user root failed with exit code 3');
    expect(r.agentLog).toBe('LifecycleEvent - AfterInstall\nScript - fail.sh\n[stderr]why\n');
  });
});

describe('DeploymentRoot: the agent records and Install', () => {
  const instance = () => path.join(dir, 'instance');

  /** Zips a revision folder holding `files` (path -> content) and an appspec to /opt/app. */
  function revision(name: string, files: Record<string, string>): string {
    const src = path.join(dir, name);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
      fs.writeFileSync(path.join(src, file), content);
    }
    fs.writeFileSync(
      path.join(src, 'appspec.yml'),
      [
        'version: 0.0',
        'os: linux',
        'files:',
        '  - source: /',
        '    destination: /opt/app',
        'file_exists_behavior: OVERWRITE',
        'permissions:',
        '  - object: /opt/app',
        '    owner: nobody',
        'hooks: {}',
        '',
      ].join('\n'),
    );
    const zip = `${src}.zip`;
    execFileSync('zip', ['-qr', zip, '.'], { cwd: src });
    return zip;
  }

  test('unpacks to deployment-root/<group id>/<deployment id>/deployment-archive and records the last successful install', () => {
    const agent = new DeploymentRoot(instance(), GROUP);
    expect(agent.lastSuccessfulArchive()).toBeUndefined();
    const archive = agent.unpack(revision('r1', { 'a.txt': '1' }), 'd-111111111');
    expect(archive).toBe(
      path.join(
        instance(),
        'opt/codedeploy-agent/deployment-root',
        GROUP.id,
        'd-111111111',
        'deployment-archive',
      ),
    );
    expect(fs.readFileSync(path.join(archive, 'a.txt'), 'utf8')).toBe('1');
    agent.install('d-111111111', { chown: false });
    expect(agent.lastSuccessfulArchive()).toBe(archive);
    // Another deployment group has no record: its first deployment skips ApplicationStop.
    expect(new DeploymentRoot(instance(), { ...GROUP, id: 'other' }).lastSuccessfulArchive()).toBeUndefined();
  });

  test('Install removes only what it installed last time, and owns only what lies beneath the object', () => {
    const agent = new DeploymentRoot(instance(), GROUP);
    const app = path.join(instance(), 'opt/app');
    agent.unpack(revision('r1', { 'old.txt': 'old', 'lib/kept.js': 'v1', 'gone/x.js': 'x' }), 'd-111111111');
    const first = agent.install('d-111111111', { chown: false });
    expect(first).toMatchObject({ removed: 0, copied: 4 });
    // Written after Install (a hook's .env, a runtime cache): not the agent's, so it stays.
    fs.writeFileSync(path.join(app, '.env'), 'A=1');
    fs.mkdirSync(path.join(app, 'lib/cache'));
    fs.writeFileSync(path.join(app, 'lib/cache/c'), 'c');

    agent.unpack(revision('r2', { 'lib/kept.js': 'v2', 'new.txt': 'new' }), 'd-222222222');
    const second = agent.install('d-222222222', { chown: false });
    expect(second.removed).toBe(4);
    const files = execFileSync('find', ['.', '-mindepth', '1'], { cwd: app })
      .toString()
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(files).toEqual([
      './.env',
      './appspec.yml',
      './lib',
      './lib/cache',
      './lib/cache/c',
      './lib/kept.js',
      './new.txt',
    ]);
    expect(fs.readFileSync(path.join(app, 'lib/kept.js'), 'utf8')).toBe('v2');
    // appspec.yml, lib/kept.js, new.txt: beneath /opt/app. Not /opt/app itself, nor lib (left by
    // the cleanup because of lib/cache, so not created again), nor what the app wrote.
    expect(second).toMatchObject({ copied: 3, owned: 3, chowned: false });
  });
});

describe('a failed hook as CodeDeploy shows it', () => {
  test("validate_service.sh: this deployment's app lines, colour codes removed, then the cause, all within the window", async () => {
    // GIVEN an instance whose logs hold 300 colour-coded lines of earlier deployments
    const root = path.join(dir, 'i');
    const layout = layoutOf('comptastar', 'api');
    prepareInstance(
      root,
      layout,
      rehearsalIdentity('api', layout, { port: 3001, healthCheckPath: '/api/v1/health' }),
      false,
    );
    const logDir = path.join(root, layout.LOG_DIR);
    const archive = path.join(dir, 'archive');
    fs.cpSync(HOOKS_DIR, path.join(archive, 'hooks'), { recursive: true });
    fs.writeFileSync(path.join(archive, REVISION.layoutEnv), renderLayoutEnv('api', layout));
    const green = (s: string) => `\x1b[32m${s}\x1b[39m`;
    const old = Array.from(
      { length: 300 },
      (_, i) =>
        `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}: ${green('[Nest] 4242  - LOG [NestApplication] Nest application successfully started')}\n`,
    );
    fs.writeFileSync(path.join(logDir, 'out.log'), old.join(''));
    fs.writeFileSync(
      path.join(logDir, 'error.log'),
      '2026-11-29T10:00:00: an error of an earlier deployment\n',
    );
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'curl'), '#!/bin/sh\nprintf 000; exit 7\n', { mode: 0o755 });
    const env = {
      ...agentEnvironment(GROUP, 'd-ABCDEFGHI', 'ValidateService'),
      ...hookEnvironment(root),
      PATH: `${bin}:${AGENT.path}`,
      VALIDATE_TIMEOUT_SECONDS: '1',
    };
    // WHEN ApplicationStart marks where this deployment starts, and the app then fails
    execFileSync(
      'bash',
      ['-c', `source ${archive}/hooks/lib/common.sh; load_identity; mark_deployment_start`],
      {
        env,
      },
    );
    fs.appendFileSync(
      path.join(logDir, 'out.log'),
      `2026-11-30T17:00:01: ${green('[Nest] 5151  - LOG [NestFactory] Starting Nest application...')}\n`,
    );
    const stack = Array.from(
      { length: 30 },
      (_, i) =>
        `2026-11-30T17:00:01:     at frame${i} (/opt/comptastar/api/app/dist/main.bundle.mjs:${1000 + i}:7)\n`,
    );
    fs.appendFileSync(
      path.join(logDir, 'error.log'),
      `2026-11-30T17:00:01: \x1b[31mError: KEEP_ALIVE_TIMEOUT_MS must be an integer >= 1, got "soon"\x1b[39m\n` +
        stack.join('') +
        `2026-11-30T17:00:01: ${'z'.repeat(3000)}\n` +
        '2026-11-30T17:00:01: Node.js v22.23.0\n',
    );
    const r = await runScript({
      event: 'ValidateService',
      script: { location: 'hooks/validate_service.sh', timeout: 120, runas: 'root' },
      archive,
      env,
    });

    // THEN CodeDeploy's window holds the whole report, the cause last
    expect(r.exitCode).toBe(1);
    const o = `${logDir}/out.log`;
    const e = `${logDir}/error.log`;

    expect(r.agentLog).toBe(
      [
        'LifecycleEvent - ValidateService\n',
        'Script - hooks/validate_service.sh\n',
        `[stderr][validate_service] ERROR: last 1 of 1 lines of ${o} since this deployment started the app:\n`,
        '[stderr]2026-11-30T17:00:01: [Nest] 5151  - LOG [NestFactory] Starting Nest application...\n',
        // The stack frames are left out: the message is what fits and what counts.
        `[stderr][validate_service] ERROR: last 3 of 3 lines of ${e} since this deployment started the app:\n`,
        '[stderr]2026-11-30T17:00:01: Error: KEEP_ALIVE_TIMEOUT_MS must be an integer >= 1, got "soon"\n',
        `[stderr]2026-11-30T17:00:01: ${'z'.repeat(200 - 21)}\n`,
        '[stderr]2026-11-30T17:00:01: Node.js v22.23.0\n',
        '[stderr][validate_service] ERROR: http://127.0.0.1:3001/api/v1/health did not answer 200 within 1 s (last status: 000)\n',
      ].join(''),
    );
    expect(r.agentLog.length).toBeLessThan(AGENT.logWindow);
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
}
