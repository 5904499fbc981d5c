import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startMoto } from './processes';
import { CliError } from '../errors';
import { HOOKS, HookSpec, INSTANCE, REVISION, RevisionMetadata } from '../revision/layout';

export interface RehearseOptions {
  /** The revision folder (what `bundle` wrote). */
  readonly revision: string;
  /** The instance root; reuse it to rehearse a second deployment. @default - a new temporary folder */
  readonly root?: string;
  /** Leave the app running under PM2 when done. @default false (pm2 kill at the end) */
  readonly keepRunning?: boolean;
  /** Port in the identity file. @default - the previous rehearsal's in this root, else a free port */
  readonly port?: number;
  /** .env.example keys not seeded in SSM. @default - none */
  readonly omit?: readonly string[];
  /** Seeded values that replace the .env.example's. @default - none */
  readonly set?: Readonly<Record<string, string>>;
  /** Seconds validate_service.sh waits for health. @default 60 */
  readonly validateTimeoutSeconds?: number;
  /** Receives each output line. @default - none */
  readonly log?: (line: string) => void;
}

export interface HookRun {
  readonly event: HookSpec['event'];
  readonly script: string;
  readonly durationMs: number;
  readonly exitCode: number;
  readonly output: string;
}

export interface RehearsalResult {
  readonly root: string;
  readonly app: string;
  readonly port: number;
  readonly hooks: HookRun[];
  /** The event whose script failed, if any. */
  readonly failedEvent?: HookSpec['event'];
  /** Milliseconds from the start of BeforeInstall to ValidateService's success. */
  readonly totalToHealthyMs?: number;
  /** Status of a last health request after ValidateService (undefined if not reached). */
  readonly healthStatus?: number;
}

const ENVIRONMENT = 'rehearsal';
const REGION = 'us-east-1';

/**
 * Runs a revision's hooks in CodeDeploy's order on this machine: the instance root is a folder,
 * SSM is moto's server seeded from the revision's .env.example through param-tool, PM2 is real.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalResult> {
  const log = options.log ?? (() => undefined);
  const revision = path.resolve(options.revision);
  const metaFile = path.join(revision, REVISION.metadata);
  if (!fs.existsSync(metaFile)) {
    throw new CliError(`${revision} is not a revision: ${REVISION.metadata} is missing`);
  }
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as RevisionMetadata;
  const root = path.resolve(options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-')));
  const at = (p: string) => path.join(root, p);

  const port = options.port ?? previousPort(at(INSTANCE.identityFile), meta.app) ?? (await freePort());
  for (const dir of [
    path.dirname(INSTANCE.identityFile),
    '/opt/comptastar',
    INSTANCE.logDir(meta.app),
    INSTANCE.appHome,
  ]) {
    fs.mkdirSync(at(dir), { recursive: true });
  }
  fs.mkdirSync(at('.rehearsal/bin'), { recursive: true });
  writeIdentity(at(INSTANCE.identityFile), meta, port);
  linkPm2(at('.rehearsal/bin'));

  const env = hookEnvironment(root);
  env.VALIDATE_TIMEOUT_SECONDS = String(options.validateTimeoutSeconds ?? 60);

  const hooks: HookRun[] = [];
  const result = (extra: Partial<RehearsalResult>): RehearsalResult => ({
    root,
    app: meta.app,
    port,
    hooks,
    ...extra,
  });
  const moto = await startMoto({ logFile: at('.rehearsal/moto.log') });
  env.AWS_ENDPOINT_URL = moto.endpoint;
  try {
    await seedParameters(revision, meta.app, moto.endpoint, options, at('.rehearsal'));
    log(`rehearsing ${meta.app} (${meta.kind}, commit ${meta.commit.slice(0, 12)}) in ${root}, port ${port}`);

    const installed = at(INSTANCE.appDir(meta.app));
    const run = async (hook: HookSpec, from: string): Promise<boolean> => {
      const r = await runHook(hook, path.join(from, REVISION.hooks, hook.script), env, log);
      hooks.push(r);
      log(
        `${hook.event.padEnd(17)} ${hook.script.padEnd(26)} ${(r.durationMs / 1000).toFixed(2).padStart(6)} s  ${r.exitCode === 0 ? 'ok' : `FAILED (exit ${r.exitCode})`}`,
      );
      return r.exitCode === 0;
    };

    // ApplicationStop runs the previous revision's script, and only when there is one.
    if (fs.existsSync(path.join(installed, REVISION.appspec)) && !(await run(HOOKS[0], installed))) {
      return result({ failedEvent: 'ApplicationStop' });
    }
    const started = Date.now();
    for (const hook of HOOKS.slice(1)) {
      if (!(await run(hook, revision))) return result({ failedEvent: hook.event });
      if (hook.event === 'BeforeInstall') {
        const copyStarted = Date.now();
        install(revision, installed, at('.rehearsal'));
        log(
          `${'Install'.padEnd(17)} ${'(files to the app dir)'.padEnd(26)} ${((Date.now() - copyStarted) / 1000).toFixed(2).padStart(6)} s  ok`,
        );
      }
    }
    const totalToHealthyMs = Date.now() - started;
    const health = await fetch(`http://127.0.0.1:${port}${meta.healthCheckPath}`).catch(() => undefined);
    log(
      `health: GET ${meta.healthCheckPath} -> ${health?.status ?? 'no answer'}; BeforeInstall to healthy ${(totalToHealthyMs / 1000).toFixed(2)} s`,
    );
    return result({ totalToHealthyMs, healthStatus: health?.status });
  } finally {
    await moto.stop();
    for (const old of fs.readdirSync(at('.rehearsal')).filter((f) => f.startsWith('previous-'))) {
      fs.rmSync(at(path.join('.rehearsal', old)), { recursive: true, force: true });
    }
    if (!options.keepRunning) {
      await killPm2(root);
      if (!options.root) fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

/** The environment the hooks of a rehearsal root run in (PM2 on PATH, dummy AWS credentials). */
export function hookEnvironment(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COMPTASTAR_ROOT: root,
    PATH: [path.join(root, '.rehearsal/bin'), path.dirname(process.execPath), process.env.PATH].join(':'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
  };
  delete env.AWS_PROFILE;
  delete env.PM2_HOME;
  return env;
}

/** Stops the PM2 daemon of a rehearsal root (and so every app it runs). */
export async function killPm2(root: string): Promise<void> {
  const pm2Home = path.join(root, INSTANCE.appHome, '.pm2');
  if (!fs.existsSync(path.join(pm2Home, 'pm2.pid'))) return;
  await promisify(execFile)(pm2Bin(), ['kill'], { env: { ...process.env, PM2_HOME: pm2Home } }).catch(
    () => undefined,
  );
}

/** The processes PM2 runs in a rehearsal root (name, pid, restart count, status). */
export async function pm2Processes(
  root: string,
): Promise<{ name: string; pid: number; restarts: number; status: string }[]> {
  const pm2Home = path.join(root, INSTANCE.appHome, '.pm2');
  const { stdout } = await promisify(execFile)(pm2Bin(), ['jlist'], {
    env: { ...process.env, PM2_HOME: pm2Home },
  });
  const list = JSON.parse(stdout.slice(stdout.indexOf('['))) as any[];
  return list.map((p) => ({
    name: p.name,
    pid: p.pid,
    restarts: p.pm2_env.restart_time,
    status: p.pm2_env.status,
  }));
}

function pm2Bin(): string {
  return path.join(path.dirname(require.resolve('pm2/package.json')), 'bin', 'pm2');
}

function linkPm2(binDir: string): void {
  const link = path.join(binDir, 'pm2');
  fs.rmSync(link, { force: true });
  fs.symlinkSync(pm2Bin(), link);
}

function previousPort(identityFile: string, app: string): number | undefined {
  if (!fs.existsSync(identityFile)) return undefined;
  const text = fs.readFileSync(identityFile, 'utf8');
  if (!text.includes(`APP_NAME=${app}\n`)) return undefined;
  const port = /^PORT=(\d+)$/m.exec(text)?.[1];
  return port ? Number(port) : undefined;
}

function writeIdentity(file: string, meta: RevisionMetadata, port: number): void {
  const lines = {
    ENVIRONMENT,
    APP_NAME: meta.app,
    PORT: String(port),
    HEALTH_CHECK_PATH: meta.healthCheckPath,
    AWS_REGION: REGION,
    SSM_PATH: `/${ENVIRONMENT}/${meta.app}/`,
  };
  fs.writeFileSync(
    file,
    Object.entries(lines)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o644 },
  );
}

/** CodeDeploy's Install step: the previous revision's files go, the new ones are copied. */
function install(revision: string, installed: string, trash: string): void {
  // The previous files are moved aside now and deleted after the rehearsal, untimed.
  if (fs.existsSync(installed)) fs.renameSync(installed, path.join(trash, `previous-${Date.now()}`));
  // cp(1) is several times faster than fs.cpSync on thousands of small files.
  execFileSync('cp', ['-a', revision, installed]);
}

/** Seeds /rehearsal/<app>/ from the revision's .env.example with the revision's own param-tool. */
async function seedParameters(
  revision: string,
  app: string,
  endpoint: string,
  options: RehearseOptions,
  workDir: string,
): Promise<void> {
  const omit = new Set(options.omit ?? []);
  const set = options.set ?? {};
  const lines = fs
    .readFileSync(path.join(revision, REVISION.envExample), 'utf8')
    .split('\n')
    .filter((line) => !omit.has(/^\s*([A-Za-z_][\w.-]*)\s*=/.exec(line)?.[1] ?? ''))
    .map((line) => {
      const key = /^\s*([A-Za-z_][\w.-]*)\s*=/.exec(line)?.[1];
      return key && key in set ? `${key}=${set[key]}` : line;
    });
  const example = path.join(workDir, `${app}.env.example`);
  fs.writeFileSync(example, lines.join('\n'));
  const tool = path.join(revision, REVISION.tools, 'param-tool.cjs');
  const args = [tool, '-cf', '-e', ENVIRONMENT, '-a', app, '--file', example];
  args.push('--endpoint-url', endpoint, '--region', REGION, '--write-interval', '0', '--yes', '--overwrite');
  try {
    await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION },
      cwd: workDir,
    });
  } catch (err) {
    const e = err as { stderr?: string };
    throw new CliError(`seeding moto's SSM with param-tool failed: ${e.stderr?.trim() || String(err)}`);
  }
}

export function runHook(
  hook: HookSpec,
  script: string,
  env: NodeJS.ProcessEnv,
  log: (l: string) => void,
): Promise<HookRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n').filter(Boolean)) log(`  | ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      output += `\n[rehearse] ${hook.event} timed out after ${hook.timeoutSeconds} s\n`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, hook.timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        event: hook.event,
        script: hook.script,
        durationMs: Date.now() - started,
        exitCode: code ?? 1,
        output,
      });
    });
  });
}
