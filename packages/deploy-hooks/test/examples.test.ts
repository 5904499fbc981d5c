/**
 * End-to-end check of examples/comptastar-app, the stand-in for the ComptaStar
 * application repository: a clean copy installs and builds, and each app, started
 * the way the instances start it, answers its health check on loopback and, on
 * SIGTERM and on SIGINT, finishes an in-flight request before exiting with code 0.
 * The example's lint and tests run where the pipeline runs them: the buildspec
 * rehearsal of @comptastar/constructs runs every command of the generated
 * buildspec (install, lint, test, build, bundle) in a clean copy of the example.
 *
 * Node built-ins only. Every process runs in its own process group with its
 * output in a log file (never the runner's stdio), and every group still
 * alive is killed in afterAll. Servers listen on 127.0.0.1 only.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { childEnv, ensureExampleBuilt } from '@comptastar/test-support';
import { freePort } from '../src/rehearse/processes';

const SLOW_MS = 1500;
const MINUTE = 60_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

interface Spawned {
  proc: ChildProcess;
  exit: Promise<Exit>;
  logFile: string;
}

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

let workDir = '';
let appDir = '';
let logDir = '';
const groups = new Set<number>();
const timings: Record<string, number> = {};

function logTail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a command in its own process group, its stdout and stderr going to a log file. */
function start(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Spawned {
  const logFile = path.join(logDir, `${name.replace(/[^a-zA-Z0-9.-]+/g, '_')}.log`);
  const fd = fs.openSync(logFile, 'a');
  let proc: ChildProcess;
  try {
    proc = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  if (proc.pid !== undefined) groups.add(proc.pid);
  const exit = new Promise<Exit>((resolve) => {
    proc.on('error', () => resolve({ code: -1, signal: null, at: Date.now() }));
    proc.on('exit', (code, signal) => {
      // Its leftovers go with it, now: once the group is empty its id may be a new process's
      // (pids wrap at 32768 here), and a later kill of the group would hit that one.
      killGroup(proc.pid);
      resolve({ code, signal, at: Date.now() });
    });
  });
  return { proc, exit, logFile };
}

/** Kills what is left of a process group we started (SIGKILL), and forgets it. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the whole group is gone already
  }
  groups.delete(pid);
}

/** GET on loopback; `onSent` is called once the request has been written to the socket. */
function get(
  port: number,
  urlPath: string,
  agent: http.Agent | false,
  onSent?: () => void,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, at: Date.now() }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath} timed out`)));
    req.on('error', reject);
    if (onSent) req.on('finish', onSent);
  });
}

async function waitHealthy(
  app: Spawned,
  port: number,
  healthPath: string,
  timeoutMs: number,
): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void app.exit.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the app exited before it was healthy\n${logTail(app.logFile)}`);
    try {
      const res = await get(port, healthPath, false);
      if (res.status === 200) return res;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no 200 from ${healthPath} within ${timeoutMs} ms\n${logTail(app.logFile)}`);
}

/**
 * Connections the kernel holds for a listening socket on `port` that its server has not accepted
 * yet (the listener's rx_queue in /proc/net/tcp{,6}).
 */
function notYetAccepted(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let waiting = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      // State 0A is LISTEN; for a listener, rx_queue counts the connections waiting for accept().
      if (local?.endsWith(`:${hexPort}`) && state === '0A') waiting += parseInt(queues.split(':')[1], 16);
    }
  }
  return waiting;
}

/** Resolves once the server on `port` has accepted every connection made to it. */
async function acceptedByServer(port: number): Promise<void> {
  while (notYetAccepted(port) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    }),
  ]);
}

interface AppCase {
  name: string;
  cwd: () => string;
  command: () => string;
  args: () => string[];
  env: (port: number) => Record<string, string>;
  healthPath: string;
  slowPath: string;
  checkHealth: (res: HttpResult) => void;
}

const apiCase: AppCase = {
  name: 'api (pnpm run start:prod)',
  cwd: () => path.join(appDir, 'apps', 'api'),
  command: () => 'pnpm',
  args: () => ['run', 'start:prod'],
  env: (port) => ({ HOST: '127.0.0.1', PORT: String(port) }),
  healthPath: '/api/v1/health',
  slowPath: '/api/v1/slow',
  checkHealth: (res) => {
    const body = JSON.parse(res.body);
    expect(body.status).toBe('ok');
    expect(body.info.memory_heap.status).toBe('up');
    expect(typeof body.info.uptime.seconds).toBe('number');
  },
};

const checkWebHealth = (res: HttpResult): void => {
  expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', uptime: expect.any(Number) });
  expect(res.headers['cache-control']).toBe('no-store');
};

const webCase: AppCase = {
  name: 'web (pnpm run start)',
  cwd: () => path.join(appDir, 'apps', 'web'),
  command: () => 'pnpm',
  args: () => ['run', 'start'],
  env: (port) => ({ HOSTNAME: '127.0.0.1', PORT: String(port) }),
  healthPath: '/api/health',
  slowPath: '/api/slow',
  checkHealth: checkWebHealth,
};

const standaloneCase: AppCase = {
  name: 'web (standalone server.js)',
  cwd: () => path.join(appDir, 'apps', 'web', '.next', 'standalone', 'apps', 'web'),
  command: () => process.execPath,
  args: () => ['server.js'],
  env: (port) => ({
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
    KEEP_ALIVE_TIMEOUT: '65000',
    NEXT_MANUAL_SIG_HANDLE: 'true',
  }),
  healthPath: '/api/health',
  slowPath: '/api/slow',
  checkHealth: checkWebHealth,
};

beforeAll(async () => {
  const version = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env: childEnv() });
  if (version.status !== 0) {
    // The workspace's pnpm, as projen wrote it into the root package.json.
    const { packageManager } = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    );
    throw new Error(`pnpm is not on PATH (install it with \`npm i -g ${packageManager}\`)`);
  }
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptastar-example-logs-'));
  logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  // Install + build once per version of the example's sources, shared with the other
  // deploy-hooks tests (@comptastar/test-support's ensureExampleBuilt, cached under os.tmpdir()).
  const started = Date.now();
  appDir = await ensureExampleBuilt();
  timings['install+build (shared)'] = Date.now() - started;
}, 16 * MINUTE);

afterAll(() => {
  for (const pid of groups) killGroup(pid);
  const keep = Boolean(process.env.KEEP_EXAMPLE_TMP);
  // eslint-disable-next-line no-console
  console.log(
    `examples/comptastar-app timings (ms): ${JSON.stringify(timings, null, 1)}\n` +
      (keep ? `copy and logs kept in ${workDir}` : 'set KEEP_EXAMPLE_TMP=1 to keep the copy and its logs'),
  );
  if (workDir && !keep) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});

test('a clean copy builds the API to dist/ and the web app to a standalone server', () => {
  expect(fs.existsSync(path.join(appDir, 'apps', 'api', 'dist', 'main.js'))).toBe(true);
  expect(fs.existsSync(path.join(standaloneCase.cwd(), 'server.js'))).toBe(true);
  // Next.js leaves public/ and .next/static out of the standalone folder: the bundler copies them.
  expect(fs.existsSync(path.join(appDir, 'apps', 'web', 'public', 'robots.txt'))).toBe(true);
  expect(fs.existsSync(path.join(appDir, 'apps', 'web', '.next', 'static'))).toBe(true);
});

const cases: Array<[string, NodeJS.Signals, AppCase]> = [];
for (const app of [apiCase, webCase, standaloneCase]) {
  for (const signal of ['SIGTERM', 'SIGINT'] as NodeJS.Signals[]) cases.push([app.name, signal, app]);
}

test.each(cases)(
  '%s answers health, then drains an in-flight request on %s and exits 0',
  async (name, signal, app) => {
    const port = await freePort();
    const env = childEnv({ NODE_ENV: 'production', ENABLE_SLOW_ENDPOINT: 'true', ...app.env(port) });
    const startedAt = Date.now();
    const running = start(`${name}-${signal}`, app.command(), app.args(), app.cwd(), env);
    const idleAgent = new http.Agent({ keepAlive: true });
    const slowAgent = new http.Agent({ keepAlive: true });
    try {
      const health = await waitHealthy(running, port, app.healthPath, 60_000);
      timings[`${name} ${signal}: start-to-healthy`] = health.at - startedAt;
      app.checkHealth(health);

      // An idle keep-alive connection (as a load balancer keeps) must not hold the shutdown up.
      expect((await get(port, app.healthPath, idleAgent)).status).toBe(200);

      let sent!: () => void;
      const requestSent = new Promise<void>((resolve) => (sent = resolve));
      const slow = get(port, `${app.slowPath}?ms=${SLOW_MS}`, slowAgent, () => sent());
      await requestSent;
      // In flight: the server holds the connection (accepted), and the answer comes after SLOW_MS.
      await withTimeout(acceptedByServer(port), 20_000, `${name}: accept of the slow request`);
      const signalledAt = Date.now();
      process.kill(running.proc.pid!, signal);

      const response = await slow;
      const exit = await withTimeout(running.exit, 20_000, `${name} exit after ${signal}`);
      timings[`${name} ${signal}: signal-to-exit`] = exit.at - signalledAt;
      // The request sent before the signal is answered in full after it; then a clean exit.
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ status: 'ok', waitedMs: SLOW_MS });
      expect(response.at).toBeGreaterThanOrEqual(signalledAt);
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- ${running.logFile}\n${logTail(running.logFile)}`);
    } finally {
      idleAgent.destroy();
      slowAgent.destroy();
      killGroup(running.proc.pid);
    }
  },
  2 * MINUTE,
);
