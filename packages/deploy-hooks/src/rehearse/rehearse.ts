import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  AGENT,
  agentEnvironment,
  DeploymentGroup,
  DeploymentRoot,
  InstallResult,
  readAppspec,
  runScript,
} from './agent';
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
  /**
   * Deploy through a new deployment group: the agent has no record of a previous install in it,
   * so ApplicationStop is skipped whatever runs on the instance. @default false (the root's group)
   */
  readonly newDeploymentGroup?: boolean;
  /**
   * Run as root with the real user switch: the `comptastar` user (created when missing, removed
   * by cleanupRehearsal), `su root -c` per script, `runuser` to the app user, chown, and
   * `pm2 startup` with its systemd unit written under the instance root (a private mount of
   * /etc/systemd/system). Needs root and `unshare`. @default false
   */
  readonly asRoot?: boolean;
  /** Receives each output line. @default - none */
  readonly log?: (line: string) => void;
}

export interface HookRun {
  readonly event: HookSpec['event'];
  readonly script: string;
  /** The deployment archive the script ran from (ApplicationStop: the last successful one). */
  readonly archive: string;
  readonly durationMs: number;
  readonly exitCode: number;
  readonly output: string;
  /** What CodeDeploy would show of this event's output (the agent's ~2 KB window). */
  readonly agentLog: string;
  /** The agent's reason when the script failed. */
  readonly error?: string;
}

export interface RehearsalResult {
  readonly root: string;
  readonly app: string;
  readonly port: number;
  readonly deploymentId: string;
  readonly deploymentGroup: DeploymentGroup;
  readonly hooks: HookRun[];
  /** What the agent's Install did (undefined when a hook before it failed). */
  readonly install?: InstallResult;
  /** The event whose script failed, if any. */
  readonly failedEvent?: HookSpec['event'];
  /** Milliseconds from the start of BeforeInstall to ValidateService's success. */
  readonly totalToHealthyMs?: number;
  /** Status of a last health request after ValidateService (undefined if not reached). */
  readonly healthStatus?: number;
}

const ENVIRONMENT = 'rehearsal';
const REGION = 'us-east-1';
/** Rehearsal state inside an instance root (not part of the instance). */
const STATE = '.rehearsal';

/**
 * Runs a revision's hooks as the CodeDeploy agent does (see agent.ts and the README's "What the
 * rehearsal models"): the revision zipped and unpacked into the agent's deployment root, the
 * previous ApplicationStop from the agent's record, the agent's Install, each script from `/`
 * in a clean environment. SSM is moto's server seeded from the revision's .env.example through
 * param-tool, PM2 is real.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalResult> {
  const log = options.log ?? (() => undefined);
  const revision = path.resolve(options.revision);
  const metaFile = path.join(revision, REVISION.metadata);
  if (!fs.existsSync(metaFile)) {
    throw new CliError(`${revision} is not a revision: ${REVISION.metadata} is missing`);
  }
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as RevisionMetadata;
  const asRoot = options.asRoot ?? false;
  if (asRoot) checkRootMode();
  const root = path.resolve(options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-')));
  const at = (p: string) => path.join(root, p);

  const port = options.port ?? previousPort(at(INSTANCE.identityFile), meta.app) ?? (await freePort());
  prepareInstance(root, meta, port, asRoot);
  const group = deploymentGroup(root, meta.app, options.newDeploymentGroup ?? false);
  const agent = new DeploymentRoot(root, group);
  const deploymentId = newDeploymentId();

  const hooks: HookRun[] = [];
  let installed: InstallResult | undefined;
  const result = (extra: Partial<RehearsalResult>): RehearsalResult => ({
    root,
    app: meta.app,
    port,
    deploymentId,
    deploymentGroup: group,
    hooks,
    install: installed,
    ...extra,
  });
  const moto = await startMoto({ logFile: at(`${STATE}/moto.log`) });
  try {
    await seedParameters(revision, meta.app, moto.endpoint, options, at(STATE));
    log(
      `rehearsing ${meta.app} (${meta.kind}, commit ${meta.commit.slice(0, 12)}) in ${root}, port ${port}, ` +
        `deployment ${deploymentId} of group ${group.id}${asRoot ? ', as root' : ''}`,
    );
    // DownloadBundle: CodeBuild zips the revision, the agent unzips it into its deployment root.
    const zip = at(`${STATE}/bundle.zip`);
    fs.rmSync(zip, { force: true });
    execFileSync('zip', ['-qr', zip, '.'], { cwd: revision });
    const archive = agent.unpack(zip, deploymentId);
    fs.rmSync(zip);
    const previous = agent.lastSuccessfulArchive();

    const extraEnv = {
      AWS_ENDPOINT_URL: moto.endpoint,
      VALIDATE_TIMEOUT_SECONDS: String(options.validateTimeoutSeconds ?? 60),
    };
    const run = async (hook: HookSpec, from: string): Promise<boolean> => {
      const r = await runEvent(root, group, deploymentId, hook.event, from, asRoot, extraEnv, log);
      hooks.push(r);
      log(
        `${hook.event.padEnd(17)} ${r.script.padEnd(32)} ${(r.durationMs / 1000).toFixed(2).padStart(6)} s  ${r.exitCode === 0 ? 'ok' : `FAILED: ${r.error}`}`,
      );
      return r.exitCode === 0;
    };

    // ApplicationStop runs the script of the group's last successful install, when there is one.
    if (previous && !(await run(HOOKS[0], previous))) return result({ failedEvent: 'ApplicationStop' });
    const started = Date.now();
    for (const hook of HOOKS.slice(1)) {
      if (!(await run(hook, archive))) return result({ failedEvent: hook.event });
      if (hook.event === 'BeforeInstall') {
        const copyStarted = Date.now();
        installed = agent.install(deploymentId, { chown: asRoot, instanceRoot: root });
        log(
          `${'Install'.padEnd(17)} ${`(${installed.copied} files, ${installed.removed} removed)`.padEnd(32)} ${((Date.now() - copyStarted) / 1000).toFixed(2).padStart(6)} s  ok`,
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
    if (!options.keepRunning) {
      await cleanupRehearsal(root);
      if (!options.root) fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

/**
 * Runs the script of one lifecycle event from an archive as the agent would, in a rehearsal root.
 * `from` defaults to the deployment group's last successful install (what ApplicationStop uses).
 */
export async function runLifecycleEvent(
  root: string,
  event: HookSpec['event'],
  options: { readonly log?: (line: string) => void } = {},
): Promise<HookRun> {
  const group = deploymentGroup(root, '', false);
  const archive = new DeploymentRoot(root, group).lastSuccessfulArchive();
  if (!archive) throw new CliError(`no successful install recorded in ${root}`);
  const asRoot = fs.existsSync(path.join(root, STATE, 'as-root'));
  return runEvent(
    root,
    group,
    newDeploymentId(),
    event,
    archive,
    asRoot,
    {},
    options.log ?? (() => undefined),
  );
}

async function runEvent(
  root: string,
  group: DeploymentGroup,
  deploymentId: string,
  event: HookSpec['event'],
  archive: string,
  asRoot: boolean,
  extraEnv: Record<string, string>,
  log: (line: string) => void,
): Promise<HookRun> {
  const scripts = readAppspec(archive).hooks[event] ?? [];
  if (scripts.length !== 1) {
    throw new CliError(
      `the appspec in ${archive} has ${scripts.length} scripts for ${event}; the hooks have one`,
    );
  }
  const [script] = scripts;
  const env = {
    ...hookEnvironment(root, asRoot),
    ...agentEnvironment(group, deploymentId, event),
    ...extraEnv,
  };
  // Node.js is this machine's (on an instance: Amazon Linux's nodejs22); PM2 is the revision's.
  env.PATH = [path.dirname(process.execPath), AGENT.path].join(':');
  const r = await runScript({
    event,
    script,
    archive,
    env,
    switchUser: asRoot,
    wrapper: asRoot ? systemdNamespace(root) : undefined,
    log,
  });
  return { event, script: script.location, archive, ...r };
}

/**
 * The rehearsal's additions to the agent's environment: the instance root prefix, moto's dummy
 * credentials (an instance has its role), and in root mode the user switch despite the prefix.
 */
export function hookEnvironment(root: string, asRoot = false): NodeJS.ProcessEnv {
  return {
    COMPTASTAR_ROOT: root,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...(asRoot ? { COMPTASTAR_SWITCH_USER: '1' } : {}),
  };
}

/**
 * Root mode: each script runs in a private mount namespace where /etc/systemd/system is the
 * instance root's, so `pm2 startup` writes and enables its unit there, not on this machine.
 */
function systemdNamespace(root: string): string[] {
  const units = path.join(root, 'etc/systemd/system');
  return [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount --bind "$0" /etc/systemd/system && exec "$@"',
    units,
  ];
}

function checkRootMode(): void {
  if (process.getuid?.() !== 0) {
    throw new CliError(
      '--as-root needs root (it creates the app user and switches to it): run it with sudo or in CI',
    );
  }
  for (const tool of ['unshare', 'su', 'runuser', 'useradd', 'userdel', 'getent']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new CliError(`--as-root needs \`${tool}\` (util-linux, passwd)`);
    }
  }
  if (!fs.existsSync('/etc/systemd/system')) {
    throw new CliError(
      '--as-root mounts the instance root over /etc/systemd/system, which does not exist here',
    );
  }
}

/**
 * What the launch template's user data makes before any deployment (packages/constructs
 * user-data.ts): the app user and its home, the log folder, the identity. The app folder is the
 * agent's (Install creates it). In root mode, the `comptastar` user is created when missing.
 */
function prepareInstance(root: string, meta: RevisionMetadata, port: number, asRoot: boolean): void {
  const at = (p: string) => path.join(root, p);
  for (const dir of [
    path.dirname(INSTANCE.identityFile),
    INSTANCE.logDir(meta.app),
    INSTANCE.appHome,
    'etc/systemd/system',
  ]) {
    fs.mkdirSync(at(dir), { recursive: true });
  }
  fs.mkdirSync(at(STATE), { recursive: true });
  writeIdentity(at(INSTANCE.identityFile), meta, port);
  if (!asRoot) return;
  // The app user must reach its files through the root folder (mkdtemp makes it 0700).
  fs.chmodSync(root, 0o755);
  if (!userExists(INSTANCE.appUser)) {
    execFileSync('useradd', [
      '--user-group',
      '--no-create-home',
      '--home-dir',
      at(INSTANCE.appHome),
      '--shell',
      '/bin/bash',
      INSTANCE.appUser,
    ]);
    fs.writeFileSync(at(`${STATE}/created-user`), INSTANCE.appUser);
  }
  fs.writeFileSync(at(`${STATE}/as-root`), '');
  for (const dir of [INSTANCE.logDir(meta.app), INSTANCE.appHome]) {
    execFileSync('chown', [`${INSTANCE.appUser}:${INSTANCE.appUser}`, at(dir)]);
  }
}

function userExists(name: string): boolean {
  try {
    execFileSync('getent', ['passwd', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The deployment group of a rehearsal root (kept in it), or a new one. */
function deploymentGroup(root: string, app: string, fresh: boolean): DeploymentGroup {
  const file = path.join(root, STATE, 'deployment-group.json');
  if (!fresh && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DeploymentGroup;
  const group = {
    applicationName: `${ENVIRONMENT}-${app}`,
    name: `${ENVIRONMENT}-${app}-bg`,
    id: randomUUID(),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(group));
  return group;
}

/** A CodeDeploy deployment id: `d-` and nine characters. */
function newDeploymentId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `d-${Array.from({ length: 9 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`;
}

/**
 * Ends what a rehearsal left running in a root: its PM2 daemon (and so the app), and in root
 * mode the `comptastar` user when the rehearsal created it.
 */
export async function cleanupRehearsal(root: string): Promise<void> {
  await killPm2(root);
  const created = path.join(root, STATE, 'created-user');
  if (fs.existsSync(created)) {
    const user = fs.readFileSync(created, 'utf8').trim();
    if (userExists(user)) execFileSync('userdel', [user]);
    fs.rmSync(created);
  }
}

/** Stops the PM2 daemon of a rehearsal root (and so every app it runs). */
export async function killPm2(root: string): Promise<void> {
  const pm2Home = path.join(root, INSTANCE.appHome, '.pm2');
  if (!fs.existsSync(path.join(pm2Home, 'pm2.pid'))) return;
  const [cmd, args] = pm2Command(root, ['kill']);
  await promisify(execFile)(cmd, args, { env: { ...process.env, PM2_HOME: pm2Home } }).catch(() => undefined);
}

/** The processes PM2 runs in a rehearsal root (name, pid, restart count, status). */
export async function pm2Processes(
  root: string,
): Promise<{ name: string; pid: number; restarts: number; status: string }[]> {
  const pm2Home = path.join(root, INSTANCE.appHome, '.pm2');
  const [cmd, args] = pm2Command(root, ['jlist']);
  const { stdout } = await promisify(execFile)(cmd, args, {
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

/**
 * pm2 as the one who owns the root's daemon (the app user in root mode: never files owned by root
 * in its PM2_HOME), the one the hooks unpacked from the revision when there is one.
 */
function pm2Command(root: string, args: string[]): [string, string[]] {
  const pm2Home = path.join(root, INSTANCE.appHome, '.pm2');
  const unpacked = path.join(root, INSTANCE.runtimeDir, 'bin', 'pm2');
  const pm2 = fs.existsSync(unpacked) ? unpacked : pm2Bin();
  if (fs.existsSync(path.join(root, STATE, 'as-root')) && userExists(INSTANCE.appUser)) {
    return [
      'runuser',
      ['-u', INSTANCE.appUser, '--', 'env', `PM2_HOME=${pm2Home}`, process.execPath, pm2, ...args],
    ];
  }
  return [process.execPath, [pm2, ...args]];
}

function pm2Bin(): string {
  return path.join(path.dirname(require.resolve('pm2/package.json')), 'bin', 'pm2');
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
