/**
 * The CodeDeploy agent as the rehearsal models it. Each behaviour is read from the agent's own
 * code (github.com/aws/aws-codedeploy-agent, lib/instance_agent/plugins/codedeploy/):
 * command_executor.rb (deployment root, archives, the last successful install record),
 * hook_executor.rb (how a script runs and what of its output CodeDeploy keeps), installer.rb
 * and install_instruction.rb (Install: cleanup of the previous files, copy, permissions).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../errors';

/** The agent's fixed places and limits (conf/codedeployagent.yml, hook_executor.rb). */
export const AGENT = {
  /** `:root_dir:`; each deployment lives in `<root_dir>/<deployment group id>/<deployment id>`. */
  deploymentRoot: '/opt/codedeploy-agent/deployment-root',
  /** Characters of a script's output that CodeDeploy keeps (`ScriptLog`, `remaining_buffer`). */
  logWindow: 2048,
  /** `:max_revisions:`: archives kept per deployment group (the last successful one always). */
  archivesToRetain: 5,
  /** The agent's own environment: systemd runs it as root (HOME /root) with this PATH. */
  path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
} as const;

/**
 * The part of a lifecycle event's output the agent sends to CodeDeploy: entries are appended
 * ("LifecycleEvent - X", "Script - path", then "[stdout]"/"[stderr]" + each line) and after every
 * append the oldest entries are dropped by the agent's own rule, kept here as it is (it counts
 * the entry before the one it examines, so the window is not exactly the last 2048 characters,
 * and an entry longer than the window empties it).
 */
export class ScriptLog {
  private entries: string[] = [];

  public append(entry: string): void {
    this.entries.push(entry);
    let index = this.entries.length;
    let remaining: number = AGENT.logWindow;
    while (index > 0 && remaining - this.entries[index - 1].length > 0) {
      index -= 1;
      // Ruby's log[-1] is the last entry when index reaches 0.
      remaining -= this.entries.at(index - 1)!.length;
    }
    if (index > 0) this.entries = this.entries.slice(index);
  }

  /** What CodeDeploy shows: the kept entries joined. */
  public get text(): string {
    return this.entries.join('');
  }
}

/** One script of a lifecycle event, as the appspec's `hooks` section gives it. */
export interface AppspecScript {
  readonly location: string;
  readonly timeout: number;
  readonly runas?: string;
}

/** The parts of an appspec.yml the agent acts on. */
export interface Appspec {
  readonly files: readonly { readonly source: string; readonly destination: string }[];
  readonly fileExistsBehavior: 'DISALLOW' | 'OVERWRITE' | 'RETAIN';
  readonly permissions: readonly {
    readonly object: string;
    readonly owner?: string;
    readonly group?: string;
  }[];
  readonly hooks: Readonly<Record<string, readonly AppspecScript[]>>;
}

/** Reads a revision's appspec.yml (only what the rehearsal models: files, permissions, hooks). */
export function readAppspec(archive: string): Appspec {
  const file = path.join(archive, 'appspec.yml');
  if (!fs.existsSync(file)) throw new CliError(`no appspec.yml in ${archive}`);
  const doc = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  const hooks: Record<string, AppspecScript[]> = {};
  for (const [event, scripts] of Object.entries(doc.hooks ?? {})) {
    hooks[event] = (scripts as any[]).map((s) => ({
      location: String(s.location),
      // script_info.rb: a script without a timeout gets 3600 s.
      timeout: Number(s.timeout ?? 3600),
      runas: s.runas === undefined ? undefined : String(s.runas),
    }));
  }
  return {
    files: (doc.files ?? []).map((f: any) => ({
      source: String(f.source),
      destination: String(f.destination),
    })),
    fileExistsBehavior: doc.file_exists_behavior ?? 'DISALLOW',
    permissions: (doc.permissions ?? []).map((p: any) => ({
      object: String(p.object),
      owner: p.owner === undefined ? undefined : String(p.owner),
      group: p.group === undefined ? undefined : String(p.group),
    })),
    hooks,
  };
}

/** What one script run gave. */
export interface ScriptRun {
  readonly exitCode: number;
  /** Everything the script printed, both streams in arrival order. */
  readonly output: string;
  /** What CodeDeploy keeps of the event's output (see ScriptLog). */
  readonly agentLog: string;
  /** The agent's error message when the script failed (exit code, timeout, output left open). */
  readonly error?: string;
  readonly durationMs: number;
}

export interface RunScriptOptions {
  readonly event: string;
  /** The script's location in the appspec, relative to the archive. */
  readonly script: AppspecScript;
  /** The deployment archive the script runs from. */
  readonly archive: string;
  /** The environment: the agent's own plus the deployment's variables (see agentEnvironment). */
  readonly env: NodeJS.ProcessEnv;
  /** Run through `su <runas> -c` as the agent does (only as root). @default false: run the script directly */
  readonly switchUser?: boolean;
  /** A command and arguments the script command is appended to (the rehearsal's mount namespace). @default - none */
  readonly wrapper?: readonly string[];
  /** Receives each output line. @default - none */
  readonly log?: (line: string) => void;
}

/**
 * Runs one hook script as the agent's HookExecutor does: working directory `/` (the agent is a
 * daemon), stdin closed, a new process group; on timeout SIGTERM to the group; after the script
 * exits, stdout and stderr must close within what is left of the timeout, or the script fails
 * ("failed to close STDOUT"): a background process started with a bare `&` holds them open.
 */
export function runScript(options: RunScriptOptions): Promise<ScriptRun> {
  const { event, script } = options;
  const started = Date.now();
  const log = new ScriptLog();
  log.append(`LifecycleEvent - ${event}\n`);
  const absolute = path.join(options.archive, script.location);
  const prefix = `Script at specified location: ${script.location}${script.runas ? ` run as user ${script.runas}` : ''}`;
  const finish = (exitCode: number, output: string, error?: string): ScriptRun => ({
    exitCode,
    output,
    agentLog: log.text,
    error,
    durationMs: Date.now() - started,
  });
  if (!fs.existsSync(absolute)) {
    return Promise.resolve(finish(1, '', `Script does not exist at specified location: ${absolute}`));
  }
  // The agent makes a script executable when it is not (`chmod +x`: a zip may lose the mode).
  try {
    fs.accessSync(absolute, fs.constants.X_OK);
  } catch {
    spawnSyncChecked('chmod', ['+x', absolute]);
  }
  log.append(`Script - ${script.location}\n`);
  const command = options.switchUser && script.runas ? ['su', script.runas, '-c', absolute] : [absolute];
  const argv = [...(options.wrapper ?? []), ...command];

  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: '/',
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin.end();
    let output = '';
    const open = { stdout: true, stderr: true };
    let exited: number | undefined;
    let settled = false;
    const settle = (run: ScriptRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        output += chunk;
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          log.append(`[${stream}]${line}\n`);
          options.log?.(`  | ${line}`);
        }
      });
      child[stream].on('end', () => {
        if (partial) {
          log.append(`[${stream}]${partial}`);
          options.log?.(`  | ${partial}`);
        }
        open[stream] = false;
        if (exited !== undefined && !open.stdout && !open.stderr) done();
      });
    }
    const done = () =>
      settle(finish(exited!, output, exited === 0 ? undefined : `${prefix} failed with exit code ${exited}`));
    const timer = setTimeout(() => {
      if (exited === undefined) {
        killGroup(child.pid!, 'SIGTERM');
        settle(
          finish(
            1,
            output,
            `Script at specified location: ${script.location} failed to complete in ${script.timeout} seconds`,
          ),
        );
      } else {
        const stream = open.stdout ? 'STDOUT' : 'STDERR';
        // The agent leaves such a process running; the rehearsal ends it.
        killGroup(child.pid!, 'SIGTERM');
        settle(
          finish(1, output, `Script at specified location: ${script.location} failed to close ${stream}`),
        );
      }
      child.stdout.destroy();
      child.stderr.destroy();
    }, script.timeout * 1000);
    child.on('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      if (!open.stdout && !open.stderr) done();
    });
    child.on('error', (err) => settle(finish(1, output, `${prefix} failed with error ${err.message}`)));
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone */
  }
}

/** The deployment group a rehearsal deploys to: the agent keys its records by the group's id. */
export interface DeploymentGroup {
  readonly applicationName: string;
  readonly name: string;
  readonly id: string;
}

/**
 * The environment the agent gives a script: its own (HOME /root and a system PATH under systemd)
 * plus the deployment's variables (hook_executor.rb `@child_envs`).
 */
export function agentEnvironment(
  group: DeploymentGroup,
  deploymentId: string,
  event: string,
): NodeJS.ProcessEnv {
  return {
    PATH: AGENT.path,
    HOME: '/root',
    LIFECYCLE_EVENT: event,
    DEPLOYMENT_ID: deploymentId,
    APPLICATION_NAME: group.applicationName,
    DEPLOYMENT_GROUP_NAME: group.name,
    DEPLOYMENT_GROUP_ID: group.id,
  };
}

/** The agent's deployment root on an instance root, and its records for one deployment group. */
export class DeploymentRoot {
  public readonly dir: string;

  constructor(
    instanceRoot: string,
    private readonly group: DeploymentGroup,
  ) {
    this.dir = path.join(instanceRoot, AGENT.deploymentRoot);
  }

  /** `<root_dir>/<deployment group id>/<deployment id>`. */
  public deploymentDir(deploymentId: string): string {
    return path.join(this.dir, this.group.id, deploymentId);
  }

  /** Where the bundle is unpacked and the hooks run from. */
  public archiveDir(deploymentId: string): string {
    return path.join(this.deploymentDir(deploymentId), 'deployment-archive');
  }

  private get instructionsDir(): string {
    return path.join(this.dir, 'deployment-instructions');
  }

  private get lastSuccessfulFile(): string {
    return path.join(this.instructionsDir, `${this.group.id}_last_successful_install`);
  }

  private get cleanupFile(): string {
    return path.join(this.instructionsDir, `${this.group.id}-cleanup`);
  }

  /**
   * The archive of the group's last successful install (written right after Install, even when a
   * later hook failed), whose ApplicationStop script runs first; none for a new deployment group
   * or a wiped deployment root, whatever still runs on the instance.
   */
  public lastSuccessfulArchive(): string | undefined {
    if (!fs.existsSync(this.lastSuccessfulFile)) return undefined;
    const archive = path.join(fs.readFileSync(this.lastSuccessfulFile, 'utf8').trim(), 'deployment-archive');
    return fs.existsSync(archive) ? archive : undefined;
  }

  /**
   * DownloadBundle: old archives beyond `max_revisions` go (never the last successful one), then
   * the zipped revision is unpacked with `unzip -qo` into the deployment's archive folder.
   */
  public unpack(zip: string, deploymentId: string): string {
    this.cleanupOldArchives(deploymentId);
    const archive = this.archiveDir(deploymentId);
    fs.rmSync(archive, { recursive: true, force: true });
    fs.mkdirSync(archive, { recursive: true });
    spawnSyncChecked('unzip', ['-qo', zip, '-d', archive]);
    return archive;
  }

  private cleanupOldArchives(deploymentId: string): void {
    const groupDir = path.join(this.dir, this.group.id);
    if (!fs.existsSync(groupDir)) return;
    const current = this.deploymentDir(deploymentId);
    const others = fs
      .readdirSync(groupDir)
      .map((d) => path.join(groupDir, d))
      .filter((d) => d !== current);
    const extra = others.length - AGENT.archivesToRetain + 1;
    if (extra <= 0) return;
    const last = fs.existsSync(this.lastSuccessfulFile)
      ? fs.readFileSync(this.lastSuccessfulFile, 'utf8').trim()
      : undefined;
    others
      .filter((d) => d !== last)
      .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
      .slice(0, extra)
      .forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  }

  /**
   * Install: removes what the previous Install of this group copied or created (files, then its
   * folders when empty: files the app or a hook wrote stay), copies per `files` with each file's
   * mode, applies `permissions` owner/group to what it copied or created strictly beneath the
   * object (never the object itself), then records this deployment as the last successful install.
   * `chown: false` (not root) records the ownership it would set instead of setting it.
   */
  public install(
    deploymentId: string,
    options: { readonly chown: boolean; readonly instanceRoot: string },
  ): InstallResult {
    ids.clear();
    const archive = this.archiveDir(deploymentId);
    const appspec = readAppspec(archive);
    const onInstance = (p: string) => path.join(options.instanceRoot, p);
    fs.mkdirSync(this.instructionsDir, { recursive: true });
    let removed = 0;
    if (fs.existsSync(this.cleanupFile)) {
      const lines = fs.readFileSync(this.cleanupFile, 'utf8').split('\n').filter(Boolean);
      for (const entry of lines.reverse()) {
        const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
        if (!stat) continue;
        if (stat.isDirectory()) {
          if (fs.readdirSync(entry).length === 0) fs.rmdirSync(entry);
        } else {
          fs.rmSync(entry);
          removed += 1;
        }
      }
      fs.rmSync(this.cleanupFile);
    }
    const copied: string[] = [];
    const made: string[] = [];
    const record: string[] = [];
    const copyFile = (from: string, to: string) => {
      if (fs.existsSync(to)) {
        if (appspec.fileExistsBehavior === 'DISALLOW') {
          throw new CliError(
            `The deployment failed because a specified file already exists at this location: ${to}`,
          );
        }
        if (appspec.fileExistsBehavior === 'RETAIN') return;
      }
      record.push(to);
      fs.copyFileSync(from, to);
      // `FileUtils.copy(..., preserve: true)`: the file's mode (chmod(2) ignores the type bits).
      fs.chmodSync(to, fs.statSync(from).mode);
      copied.push(to);
    };
    const mkdir = (dir: string) => {
      fs.mkdirSync(dir);
      record.push(dir);
      made.push(dir);
    };
    const copyDir = (from: string, to: string) => {
      if (!fs.existsSync(to)) mkdir(to);
      for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        const source = path.join(from, entry.name);
        const target = path.join(to, entry.name);
        if (entry.isDirectory()) copyDir(source, target);
        else copyFile(source, target);
      }
    };
    const missingAncestors = (dest: string) => {
      const missing: string[] = [];
      for (let dir = path.dirname(dest); !fs.existsSync(dir) && dir !== '/'; dir = path.dirname(dir)) {
        missing.unshift(dir);
      }
      missing.forEach(mkdir);
    };
    for (const f of appspec.files) {
      const source = path.join(archive, f.source);
      const destination = onInstance(f.destination);
      if (fs.statSync(source).isDirectory()) {
        missingAncestors(destination);
        copyDir(source, destination);
      } else {
        const target = path.join(destination, path.basename(source));
        missingAncestors(target);
        copyFile(source, target);
      }
    }
    fs.writeFileSync(this.cleanupFile, record.map((r) => `${r}\n`).join(''));
    const owned: { path: string; owner?: string; group?: string }[] = [];
    for (const p of appspec.permissions) {
      const base = `${onInstance(p.object).replace(/\/$/, '')}/`;
      for (const entry of [...copied, ...made].filter((e) => e.startsWith(base))) {
        owned.push({ path: entry, owner: p.owner, group: p.group });
      }
    }
    if (options.chown) {
      for (const o of owned) {
        const uid = o.owner ? numericId('passwd', o.owner) : -1;
        const gid = o.group ? numericId('group', o.group) : -1;
        fs.lchownSync(o.path, uid, gid);
      }
    }
    fs.mkdirSync(this.instructionsDir, { recursive: true });
    fs.writeFileSync(this.lastSuccessfulFile, this.deploymentDir(deploymentId));
    return { removed, copied: copied.length, made: made.length, owned: owned.length, chowned: options.chown };
  }
}

/** What Install did. */
export interface InstallResult {
  /** Files of the previous install removed. */
  readonly removed: number;
  readonly copied: number;
  /** Folders created. */
  readonly made: number;
  /** Entries the appspec's permissions give an owner (all beneath the object). */
  readonly owned: number;
  /** Whether the owners were set (root) or only listed. */
  readonly chowned: boolean;
}

function spawnSyncChecked(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new CliError(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  return r.stdout;
}

const ids = new Map<string, number>();

/** A user's or group's numeric id (Etc.getpwnam / getgrnam in the agent). */
function numericId(kind: 'passwd' | 'group', name: string): number {
  const key = `${kind}:${name}`;
  if (!ids.has(key)) ids.set(key, Number(spawnSyncChecked('getent', [kind, name]).split(':')[2]));
  return ids.get(key)!;
}
