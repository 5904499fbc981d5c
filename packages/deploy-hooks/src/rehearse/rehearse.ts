import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AGENT, agentEnvironment, DeploymentGroup } from './agent';
import { DeploymentRoot } from './deployment-root';
import { InstallResult } from './install';
import {
  checkRootMode,
  hookEnvironment,
  prepareInstance,
  previousPort,
  rehearsalIdentity,
  systemdNamespace,
} from './instance';
import { cleanupRehearsal } from './pm2';
import { freePort, MotoServer, startMoto } from './processes';
import { readAppspec } from './read-appspec';
import { runScript } from './run-script';
import { seedParameters } from './seed';
import { deploymentGroup, newDeploymentId, recordLayout, rootModeMark, stateDir } from './state';
import { CliError } from '../errors';
import { readLayoutEnv } from '../revision/identity';
import { HOOKS, HookSpec, REVISION, RevisionMetadata } from '../revision/layout';

export interface RehearseOptions {
  /** The revision folder (what `bundle` wrote). */
  readonly revision: string;
  /** The service's health check path: HEALTH_CHECK_PATH of the identity, which validate_service.sh polls. */
  readonly healthCheckPath: string;
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
   * Run as root with the real user switch: the layout's app user (created when missing, removed
   * by cleanupRehearsal), `su root -c` per script, `runuser` to the app user, chown, and
   * `pm2 startup` with its systemd unit written under the instance root (a private mount of
   * /etc/systemd/system). Needs root and `unshare`. @default false
   */
  readonly asRoot?: boolean;
  /**
   * A moto server that the caller started and stops (a test file runs one for all its
   * rehearsals): reset first (moto's /moto-api/reset: no parameter of an earlier rehearsal is
   * left), then seeded. @default - a moto server of its own, started and stopped here
   */
  readonly moto?: MotoServer;
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

/**
 * Runs a revision's hooks as the CodeDeploy agent does (see agent.ts and the README's "What the
 * rehearsal models"): the revision zipped and unpacked into the agent's deployment root, the
 * previous ApplicationStop from the agent's record, the agent's Install, each script from `/`
 * in a clean environment. The instance is laid out as the revision's layout says (instance.ts);
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
  const layoutEnv = path.join(revision, REVISION.layoutEnv);
  if (!fs.existsSync(layoutEnv)) {
    throw new CliError(`${revision} has no ${REVISION.layoutEnv}: bundle it again with this deploy-hooks`);
  }
  const { layout } = readLayoutEnv(fs.readFileSync(layoutEnv, 'utf8'), layoutEnv);
  const asRoot = options.asRoot ?? false;
  if (asRoot) checkRootMode();
  const root = path.resolve(options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-')));
  const state = (file: string) => path.join(stateDir(root), file);

  const port = options.port ?? previousPort(root, layout, meta.app) ?? (await freePort());
  const identity = rehearsalIdentity(meta.app, layout, { port, healthCheckPath: options.healthCheckPath });
  prepareInstance(root, layout, identity, asRoot);
  recordLayout(root, layoutEnv);
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
  const moto = options.moto ?? (await startMoto({ logFile: state('moto.log') }));
  try {
    if (options.moto) await moto.reset();
    await seedParameters(revision, meta.app, moto.endpoint, options, stateDir(root));
    log(
      `rehearsing ${meta.app} (${meta.kind}, commit ${meta.commit.slice(0, 12)}) in ${root}, port ${port}, ` +
        `deployment ${deploymentId} of group ${group.id}${asRoot ? ', as root' : ''}`,
    );
    // DownloadBundle: CodeBuild zips the revision, the agent unzips it into its deployment root.
    // Stored (-0), not deflated: unzip extracts the same files either way, and deflating the
    // web app's 40 MB costs about 2 s of CPU per rehearsal; the zip never leaves this machine.
    const zip = state('bundle.zip');
    fs.rmSync(zip, { force: true });
    execFileSync('zip', ['-0', '-qr', zip, '.'], { cwd: revision });
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
        `${hook.event.padEnd(17)} ${r.script.padEnd(32)} ${seconds(r.durationMs)}  ${r.exitCode === 0 ? 'ok' : `FAILED: ${r.error}`}`,
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
        installed = agent.install(deploymentId, { chown: asRoot });
        log(
          `${'Install'.padEnd(17)} ${`(${installed.copied} files, ${installed.removed} removed)`.padEnd(32)} ${seconds(Date.now() - copyStarted)}  ok`,
        );
      }
    }
    const totalToHealthyMs = Date.now() - started;
    const healthUrl = `http://127.0.0.1:${port}${identity.HEALTH_CHECK_PATH}`;
    const health = await fetch(healthUrl).catch(() => undefined);
    log(
      `health: GET ${identity.HEALTH_CHECK_PATH} -> ${health?.status ?? 'no answer'}; BeforeInstall to healthy ${seconds(totalToHealthyMs)}`,
    );
    return result({ totalToHealthyMs, healthStatus: health?.status });
  } finally {
    if (!options.moto) await moto.stop();
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
  const asRoot = fs.existsSync(rootModeMark(root));
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
