/** The PM2 daemon of a rehearsal root: list its processes, stop it, and clean up after root mode. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './processes';
import { createdUserMark, recordedLayout, rootModeMark } from './state';
import { userExists } from './system';
import { BundleLayout } from '../revision/identity';

/**
 * Ends what a rehearsal left running in a root: its PM2 daemon (and so the app), and in root
 * mode the app user when the rehearsal created it.
 */
export async function cleanupRehearsal(root: string): Promise<void> {
  await killPm2(root);
  const created = createdUserMark(root);
  if (fs.existsSync(created)) {
    const user = fs.readFileSync(created, 'utf8').trim();
    if (userExists(user)) {
      // userdel refuses a user that still runs a process: after `pm2 kill` returns, PM2's daemon
      // and the draining app may take a moment to exit.
      await waitFor(
        async () => !runsProcesses(user),
        30_000,
        `the processes of ${user} to exit before userdel`,
      );
      execFileSync('userdel', [user]);
    }
    fs.rmSync(created);
  }
}

/** Whether any process runs as `user` (pgrep exits 1 when none matches). */
function runsProcesses(user: string): boolean {
  return spawnSync('pgrep', ['-u', user], { stdio: 'ignore' }).status === 0;
}

/** Stops the PM2 daemon of a rehearsal root (and so every app it runs). */
export async function killPm2(root: string): Promise<void> {
  const layout = recordedLayout(root);
  if (!layout || !fs.existsSync(path.join(pm2Home(root, layout), 'pm2.pid'))) return;
  const [cmd, args] = pm2Command(root, layout, ['kill']);
  await promisify(execFile)(cmd, args, { env: { ...process.env, PM2_HOME: pm2Home(root, layout) } }).catch(
    () => undefined,
  );
}

/** The processes PM2 runs in a rehearsal root (name, pid, restart count, status). */
export async function pm2Processes(
  root: string,
): Promise<{ name: string; pid: number; restarts: number; status: string }[]> {
  const layout = recordedLayout(root);
  if (!layout) throw new Error(`${root} holds no rehearsal`);
  const [cmd, args] = pm2Command(root, layout, ['jlist']);
  const { stdout } = await promisify(execFile)(cmd, args, {
    env: { ...process.env, PM2_HOME: pm2Home(root, layout) },
  });
  const list = JSON.parse(stdout.slice(stdout.indexOf('['))) as any[];
  return list.map((p) => ({
    name: p.name,
    pid: p.pid,
    restarts: p.pm2_env.restart_time,
    status: p.pm2_env.status,
  }));
}

/** The app user's PM2_HOME in a rehearsal root, as the hooks set it. */
const pm2Home = (root: string, layout: BundleLayout) => path.join(root, layout.APP_HOME, '.pm2');

/**
 * pm2 as the one who owns the root's daemon (the app user in root mode: never files owned by root
 * in its PM2_HOME), the one the hooks unpacked from the revision when there is one.
 */
function pm2Command(root: string, layout: BundleLayout, args: string[]): [string, string[]] {
  const unpacked = path.join(root, layout.RUNTIME_DIR, 'bin', 'pm2');
  const pm2 = fs.existsSync(unpacked) ? unpacked : pm2Bin();
  if (fs.existsSync(rootModeMark(root)) && userExists(layout.APP_USER)) {
    return [
      'runuser',
      [
        '-u',
        layout.APP_USER,
        '--',
        'env',
        `PM2_HOME=${pm2Home(root, layout)}`,
        process.execPath,
        pm2,
        ...args,
      ],
    ];
  }
  return [process.execPath, [pm2, ...args]];
}

function pm2Bin(): string {
  return path.join(path.dirname(require.resolve('pm2/package.json')), 'bin', 'pm2');
}
