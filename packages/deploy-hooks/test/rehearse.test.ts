/**
 * Rehearses the example apps' revisions with the real hooks, moto's SSM and the real PM2, on
 * loopback. Every rehearsal root gets its own PM2 daemon, killed in afterAll.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import {
  bundleExample,
  bundleExamples,
  ExampleApp,
  HEALTH,
  newRevisionOf,
  zippedSize,
} from './support/revisions';
import { AGENT } from '../src/rehearse/agent';
import { cleanupRehearsal, pm2Processes } from '../src/rehearse/pm2';
import { waitFor } from '../src/rehearse/processes';
import { rehearse, RehearseOptions, RehearsalResult, runLifecycleEvent } from '../src/rehearse/rehearse';
import { HOOKS } from '../src/revision/layout';

const MINUTE = 60_000;
const CONNECTIONS = 16;
const SLOW: Record<ExampleApp, string> = { api: '/api/v1/slow', web: '/api/slow' };
const roots: string[] = [];
let revisions: Record<ExampleApp, string>;
let revisionsDir: string;

function newRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-test-'));
  roots.push(root);
  return root;
}

const events = (r: RehearsalResult) => r.hooks.map((h) => h.event);
/** Where the agent unpacks a deployment's revision and runs its hooks from. */
const archiveOf = (r: RehearsalResult) =>
  path.join(r.root, AGENT.deploymentRoot, r.deploymentGroup.id, r.deploymentId, 'deployment-archive');
const output = (r: RehearsalResult) => r.hooks.map((h) => h.output).join('\n');
/** Rehearses an example app's revision with its service's health check path. */
const rehearseApp = (app: ExampleApp, options: Omit<RehearseOptions, 'healthCheckPath'>) =>
  rehearse({ ...options, healthCheckPath: HEALTH[app] });

async function healthStatus(port: number, app: ExampleApp): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}${HEALTH[app]}`)).status;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  ({ dir: revisionsDir, revisions } = await bundleExamples(['api', 'web']));
}, 12 * MINUTE);

afterAll(async () => {
  await Promise.all(roots.map((root) => cleanupRehearsal(root)));
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  if (revisionsDir) fs.rmSync(revisionsDir, { recursive: true, force: true });
}, 3 * MINUTE);

describe('the example revisions', () => {
  test.each<[ExampleApp, number]>([
    ['api', 15],
    ['web', 30],
  ])('%s zips within %i MB, without symlinks, with its metadata', (app, limitMb) => {
    expect(zippedSize(revisions[app])).toBeLessThan(limitMb * 1024 * 1024);
    expect(execFileSync('find', [revisions[app], '-type', 'l']).toString()).toBe('');
    const meta = JSON.parse(fs.readFileSync(path.join(revisions[app], 'revision.json'), 'utf8'));
    expect(meta).toMatchObject({ app, kind: app === 'api' ? 'nest' : 'next' });
    expect(fs.existsSync(path.join(revisions[app], meta.start.cwd, meta.start.script))).toBe(true);
    for (const f of [
      'appspec.yml',
      'ecosystem.config.cjs',
      '.env.example',
      'tools/env-manager.sh',
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      `tools/pm2-${require('pm2/package.json').version}.tgz`,
      'hooks/lib/common.sh',
      'hooks/lib/layout.env',
    ]) {
      expect(fs.existsSync(path.join(revisions[app], f))).toBe(true);
    }
  });

  test('the API is one esbuild bundle with its production dependencies, and no node_modules', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(revisions.api, 'revision.json'), 'utf8'));
    expect(meta.start).toEqual({
      cwd: 'app',
      script: 'dist/main.bundle.mjs',
      command: 'node dist/main.bundle.mjs',
    });
    expect(meta.server).toEqual({
      bundler: 'esbuild',
      external: [],
      // Nest's optional peers: imported only when an app uses them, as from node_modules.
      notInstalled: expect.arrayContaining(['@nestjs/microservices', '@nestjs/websockets']),
      nodeModules: false,
    });
    expect(fs.existsSync(path.join(revisions.api, 'app/node_modules'))).toBe(false);
    const server = fs.readFileSync(path.join(revisions.api, 'app', meta.start.script), 'utf8');
    // esbuild heads each bundled module with its path: production dependencies are inside (the
    // workspace package too, as `pnpm deploy` copied it), test-only ones are not.
    for (const dep of [
      '@nestjs/core',
      '@nestjs/terminus',
      'class-validator',
      'express',
      '@comptastar/http-drain',
    ]) {
      expect(server).toContain(`// node_modules/${dep}/`);
    }
    for (const dev of ['supertest', '@nestjs/testing', 'jest', 'typescript']) {
      expect(server).not.toContain(`// node_modules/${dev}/`);
    }
    // About 40 files instead of about 3,900: CodeDeploy copies each one.
    expect(
      Number(execFileSync('find', [revisions.api, '-type', 'f']).toString().split('\n').length),
    ).toBeLessThan(100);
  });

  test(
    'with --no-esbuild the API ships `pnpm deploy --prod` as it is (production dependencies only) and deploys',
    async () => {
      const plain = await bundleExample('api', path.join(revisionsDir, 'api-no-esbuild'), { esbuild: false });
      const modules = path.join(plain, 'app/node_modules');
      expect(fs.existsSync(path.join(modules, '@nestjs/core/package.json'))).toBe(true);
      // The shared workspace package: a real folder of its published build, no link into the workspace.
      expect(fs.lstatSync(path.join(modules, '@comptastar/http-drain')).isSymbolicLink()).toBe(false);
      expect(fs.readdirSync(path.join(modules, '@comptastar/http-drain')).sort()).toEqual([
        'dist',
        'package.json',
      ]);
      expect(execFileSync('find', [plain, '-type', 'l']).toString()).toBe('');
      for (const dev of ['jest', 'typescript', 'supertest', '@nestjs/testing']) {
        expect(fs.existsSync(path.join(modules, dev))).toBe(false);
      }
      const meta = JSON.parse(fs.readFileSync(path.join(plain, 'revision.json'), 'utf8'));
      expect(meta.start.script).toBe('dist/main.js');
      expect(meta.server).toBeUndefined();
      const r = await rehearseApp('api', { revision: plain, root: newRoot() });
      expect(r.failedEvent).toBeUndefined();
      expect(r.healthStatus).toBe(200);
    },
    5 * MINUTE, // a bundle with pnpm deploy, then a rehearsal: minutes on a loaded 2-core machine
  );

  test('the web app carries public/ and .next/static beside server.js', () => {
    const server = path.join(revisions.web, 'app/apps/web');
    expect(fs.readFileSync(path.join(server, 'public/robots.txt'), 'utf8')).toContain('User-agent');
    expect(fs.readdirSync(path.join(server, '.next/static')).length).toBeGreaterThan(0);
  });
});

describe.each<ExampleApp>(['api', 'web'])('rehearsal of %s', (app) => {
  let root: string;
  let first: RehearsalResult;

  beforeAll(() => {
    root = newRoot();
  });

  test(
    'a first deployment runs BeforeInstall to ValidateService and the app answers health 200',
    async () => {
      first = await rehearseApp(app, { revision: revisions[app], root, keepRunning: true });
      expect(first.failedEvent).toBeUndefined();
      expect(events(first)).toEqual(['BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService']);
      expect(first.healthStatus).toBe(200);
      expect(output(first)).toContain('not Amazon Linux 2023: skipping the Node.js install (dnf)');
      // PM2 is the one the revision ships, unpacked by BeforeInstall: no npm registry.
      expect(output(first)).toMatch(/pm2 \d+\.\d+\.\d+ unpacked from the revision into /);
      expect(output(first)).not.toMatch(/\bnpm\b/);
      expect(fs.existsSync(path.join(root, 'opt/comptastar/.runtime/bin/pm2'))).toBe(true);
      // Every hook ran from the agent's unpacked archive, not from the revision folder.
      expect(new Set(first.hooks.map((h) => h.archive))).toEqual(new Set([archiveOf(first)]));
      expect(first.install).toMatchObject({ removed: 0, chowned: false });
      const envFile = path.join(root, 'opt/comptastar', app, '.env');
      expect(fs.statSync(envFile).mode.toString(8).slice(-3)).toBe('600');
      expect(fs.readFileSync(envFile, 'utf8')).toMatch(/^SUPPORT_EMAIL=/m);
      expect((await pm2Processes(root)).map((p) => [p.name, p.status])).toEqual([[app, 'online']]);
      expect(
        fs.readFileSync(path.join(root, 'var/log/comptastar', app, 'out.log'), 'utf8').length,
      ).toBeGreaterThan(0);
      if (app === 'api') {
        // The bundled server validates (class-validator) and computes, not only answers health.
        const vat = (body: unknown) =>
          fetch(`http://127.0.0.1:${first.port}/api/v1/vat/compute`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const ok = await vat({ amount: 100, rate: 20 });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toMatchObject({ net: 100, vat: 20, gross: 120 });
        const bad = await vat({ amount: -1, rate: 20 });
        expect(bad.status).toBe(400);
        expect(JSON.stringify(await bad.json())).toContain('amount must not be less than 0');
      }
    },
    2 * MINUTE,
  );

  test(
    'PM2 restarts the app after SIGKILL',
    async () => {
      const [before] = await pm2Processes(root);
      process.kill(before.pid, 'SIGKILL');
      await waitFor(
        async () => {
          const [now] = await pm2Processes(root);
          return (
            now.pid !== before.pid && now.status === 'online' && (await healthStatus(first.port, app)) === 200
          );
        },
        30_000,
        `${app} restarted by PM2`,
      );
      const [after] = await pm2Processes(root);
      expect(after.restarts).toBe(before.restarts + 1);
    },
    MINUTE,
  );

  test(
    'a second deployment (a new revision) runs ApplicationStop first and replaces the app',
    async () => {
      const [old] = await pm2Processes(root);
      const second = await rehearseApp(app, {
        revision: newRevisionOf(revisions[app], '2.0.0'),
        root,
        keepRunning: true,
      });
      expect(second.failedEvent).toBeUndefined();
      expect(events(second)).toEqual(HOOKS.map((h) => h.event));
      // ApplicationStop: the script of the last successful install, from its own archive.
      expect(second.hooks[0].archive).toBe(archiveOf(first));
      expect(second.hooks.slice(1).map((h) => h.archive)).toEqual(Array(4).fill(archiveOf(second)));
      expect(second.hooks[0].output).toMatch(new RegExp(`stopped ${app} in \\d+ s`));
      expect(output(second)).toMatch(/pm2 \d+\.\d+\.\d+ already unpacked in /);
      // Install removed the files the first one copied, and copied the new ones.
      expect(second.install!.removed).toBe(first.install!.copied);
      expect(second.healthStatus).toBe(200);
      expect(second.port).toBe(first.port);
      const [now] = await pm2Processes(root);
      expect(now.pid).not.toBe(old.pid);
      expect(alive(old.pid)).toBe(false);
      const installed = JSON.parse(
        fs.readFileSync(path.join(root, 'opt/comptastar', app, 'revision.json'), 'utf8'),
      );
      expect(installed.version).toBe('2.0.0');
    },
    2 * MINUTE,
  );

  test(
    'a parameter missing in SSM fails AfterInstall naming it, and nothing is started',
    async () => {
      const fresh = newRoot();
      const missing = app === 'api' ? 'JWT_SECRET' : 'SESSION_SECRET';
      const r = await rehearseApp(app, {
        revision: revisions[app],
        root: fresh,
        keepRunning: true,
        omit: [missing, 'SUPPORT_EMAIL'],
      });
      expect(r.failedEvent).toBe('AfterInstall');
      expect(events(r)).toEqual(['BeforeInstall', 'AfterInstall']);
      expect(output(r)).toContain(
        `[configure_environment] ERROR: no value in SSM /rehearsal/${app}/ for: ${app === 'api' ? 'SUPPORT_EMAIL JWT_SECRET' : 'SUPPORT_EMAIL SESSION_SECRET'}`,
      );
      expect(fs.existsSync(path.join(fresh, 'opt/comptastar', app, '.env'))).toBe(false);
      expect(fs.existsSync(path.join(fresh, 'home/comptastar/.pm2/pm2.pid'))).toBe(false);
      await expect(fetch(`http://127.0.0.1:${r.port}${HEALTH[app]}`)).rejects.toThrow();
    },
    MINUTE,
  );
});

describe('what the agent does between deployments', () => {
  let root: string;
  let first: RehearsalResult;

  beforeAll(async () => {
    root = newRoot();
    first = await rehearseApp('api', { revision: revisions.api, root, keepRunning: true });
    expect(first.healthStatus).toBe(200);
  }, 2 * MINUTE);

  test(
    "a failed deployment shows, within the agent's 2 KB, this deployment's app error and the cause last; no earlier run",
    async () => {
      const r = await rehearseApp('api', {
        revision: newRevisionOf(revisions.api, '3.0.0'),
        root,
        keepRunning: true,
        set: { KEEP_ALIVE_TIMEOUT_MS: 'soon' },
        validateTimeoutSeconds: 4,
      });
      expect(r.failedEvent).toBe('ValidateService');
      const window = r.hooks[r.hooks.length - 1].agentLog;
      // The whole report fits: the agent's own first lines are still there.
      expect(
        window.startsWith('LifecycleEvent - ValidateService\nScript - hooks/validate_service.sh\n'),
      ).toBe(true);
      expect(window).toContain('KEEP_ALIVE_TIMEOUT_MS must be an integer >= 1, got "soon"');
      expect(window).toMatch(
        /\[stderr\]\[validate_service\] ERROR: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/health did not answer 200 within 4 s \(last status: 000\)\n$/,
      );
      expect(window).not.toContain('\x1b[');
      // The first deployment's start lines are in out.log, but not in this deployment's report.
      const outLog = fs.readFileSync(path.join(root, 'var/log/comptastar/api/out.log'), 'utf8');
      expect(outLog).toContain('Nest application successfully started');
      expect(window).not.toContain('Nest application successfully started');
    },
    MINUTE,
  );

  test(
    'the next deployment stops the app with the script of the last install, even though its later hook failed',
    async () => {
      const failed = (await pm2Processes(root)).length;
      expect(failed).toBe(1);
      const previous = fs
        .readFileSync(
          path.join(
            root,
            AGENT.deploymentRoot,
            'deployment-instructions',
            `${first.deploymentGroup.id}_last_successful_install`,
          ),
          'utf8',
        )
        .trim();
      expect(previous).not.toBe(path.dirname(archiveOf(first)));
      const next = await rehearseApp('api', {
        revision: newRevisionOf(revisions.api, '4.0.0'),
        root,
        keepRunning: true,
      });
      expect(next.failedEvent).toBeUndefined();
      expect(next.hooks[0]).toMatchObject({
        event: 'ApplicationStop',
        archive: path.join(previous, 'deployment-archive'),
      });
      expect(next.healthStatus).toBe(200);
    },
    2 * MINUTE,
  );

  test(
    'a new deployment group has no record: no ApplicationStop, and PM2 still replaces the running app',
    async () => {
      const [old] = await pm2Processes(root);
      const r = await rehearseApp('api', {
        revision: newRevisionOf(revisions.api, '5.0.0'),
        root,
        keepRunning: true,
        newDeploymentGroup: true,
      });
      expect(r.deploymentGroup.id).not.toBe(first.deploymentGroup.id);
      expect(events(r)).toEqual(['BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService']);
      expect(r.healthStatus).toBe(200);
      const now = await pm2Processes(root);
      expect(now.map((p) => p.name)).toEqual(['api']);
      expect(now[0].pid).not.toBe(old.pid);
      expect(alive(old.pid)).toBe(false);
    },
    2 * MINUTE,
  );
});

describe('zero downtime', () => {
  test.each<ExampleApp>(['api', 'web'])(
    '%s: stop_server during load answers every accepted request 200, with no reset and no timeout',
    async (app) => {
      const root = newRoot();
      const r = await rehearseApp(app, {
        revision: revisions[app],
        root,
        keepRunning: true,
        set: { ENABLE_SLOW_ENDPOINT: 'true' },
      });
      expect(r.failedEvent).toBeUndefined();

      const statuses = new Map<number, number>();
      const errors = new Map<string, number>();
      const count = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
      let responses = 0;
      let stopResult: { exitCode: number; output: string } | undefined;
      let finished!: (result: autocannon.Result) => void;
      const done = new Promise<autocannon.Result>((resolve) => (finished = resolve));
      const load = autocannon(
        {
          url: `http://127.0.0.1:${r.port}${SLOW[app]}?ms=20`,
          connections: CONNECTIONS,
          amount: 6000,
          timeout: 10,
        },
        (_err, res) => finished(res),
      );
      load.on('response', (_client, statusCode) => {
        count(statuses, statusCode);
        // Stop the app once 2500 requests have been answered: the rest arrive while it drains.
        if (++responses === 2500) {
          void runLifecycleEvent(root, 'ApplicationStop').then((s) => {
            stopResult = s;
            load.stop();
          });
        }
      });
      load.on('reqError', (err: NodeJS.ErrnoException) => count(errors, err.code ?? err.message));
      const result = await done;
      await waitFor(async () => stopResult !== undefined, 60_000, 'stop_server.sh');
      if (process.env.ZERO_DOWNTIME_REPORT) {
        const line = { app, sent: result.requests.sent, responses, statuses: Object.fromEntries(statuses) };
        fs.appendFileSync(
          process.env.ZERO_DOWNTIME_REPORT,
          `${JSON.stringify({ ...line, errors: Object.fromEntries(errors), timeouts: result.timeouts })}\n`,
        );
      }

      expect(stopResult!.exitCode).toBe(0);
      expect(responses).toBeGreaterThanOrEqual(2500);
      expect(result.requests.sent).toBeGreaterThanOrEqual(2000);
      // Every request the server accepted was answered 200: none cut, none failed, none timed out.
      expect(Object.fromEntries(statuses)).toEqual({ 200: responses });
      expect(result.non2xx).toBe(0);
      expect(result.timeouts).toBe(0);
      // After the stop, new connections are refused (never accepted, an ALB retries them
      // elsewhere). Nothing else: no ECONNRESET/EPIPE on a keep-alive connection (a 502 behind
      // an ALB), which the app's drain prevents by answering with `Connection: close`.
      const others = Object.fromEntries([...errors].filter(([code]) => code !== 'ECONNREFUSED'));
      expect(others).toEqual({});
      expect(await pm2Processes(root)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${r.port}${HEALTH[app]}`)).rejects.toThrow();
    },
    2 * MINUTE,
  );
});
