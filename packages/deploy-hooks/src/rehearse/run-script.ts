import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppspecScript } from './read-appspec';
import { ScriptLog } from './script-log';
import { spawnSyncChecked } from './system';

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
