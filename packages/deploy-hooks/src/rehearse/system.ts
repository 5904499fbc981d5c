/** The few system commands the rehearsal runs synchronously (unzip, chmod, getent), failing clearly. */
import { spawnSync } from 'node:child_process';
import { CliError } from '../errors';

/** Runs a command; its standard output, or a CliError naming the command and its error output. */
export function spawnSyncChecked(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new CliError(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  return r.stdout;
}

/** Whether a user of that name exists on this machine. */
export function userExists(name: string): boolean {
  return spawnSync('getent', ['passwd', name], { stdio: 'ignore' }).status === 0;
}

/** A user's or group's numeric id (Etc.getpwnam / getgrnam in the agent). */
export function numericId(kind: 'passwd' | 'group', name: string): number {
  return Number(spawnSyncChecked('getent', [kind, name]).split(':')[2]);
}
