/**
 * What the CodeDeploy agent does between deployments (the failed deployment's report, the next
 * deployment's ApplicationStop, a new deployment group), and zero downtime under load, with the
 * real hooks, moto's SSM and the real PM2, on loopback. Every rehearsal root gets its own PM2
 * daemon, killed in afterAll.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import autocannon from 'autocannon';
import {
  alive,
  archiveOf,
  cleanupFolders,
  events,
  MINUTE,
  newRoot,
  rehearseApp,
  workDir,
} from './support/rehearsal';
import { ExampleApp, HEALTH, newRevisionOf, sharedRevisions } from './support/revisions';
import { AGENT } from '../src/rehearse/agent';
import { pm2Processes } from '../src/rehearse/pm2';
import { waitFor } from '../src/rehearse/processes';
import { RehearsalResult, runLifecycleEvent } from '../src/rehearse/rehearse';

const CONNECTIONS = 16;
const SLOW: Record<ExampleApp, string> = { api: '/api/v1/slow', web: '/api/slow' };
let revisions: Record<ExampleApp, string>;

beforeAll(async () => {
  revisions = await sharedRevisions();
}, 12 * MINUTE);

afterAll(cleanupFolders, 3 * MINUTE);

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
        revision: newRevisionOf(revisions.api, '3.0.0', workDir()),
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
        revision: newRevisionOf(revisions.api, '4.0.0', workDir()),
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
        revision: newRevisionOf(revisions.api, '5.0.0', workDir()),
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
