/**
 * The rehearsal's root mode (`rehearse --as-root`): the real user switch (su, runuser, chown) and
 * `pm2 startup`, on a throwaway instance root. It needs root, `unshare --mount` and a
 * /etc/systemd/system folder (CI runs as root) and fails saying so elsewhere: it is never
 * skipped. It removes the `comptastar` user it created and stops the PM2 daemon it started.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HEALTH, newRevisionOf, sharedRevision } from './support/revisions';
import { checkRootMode } from '../src/rehearse/instance';
import { cleanupRehearsal, pm2Processes } from '../src/rehearse/pm2';
import { rehearse, RehearsalResult } from '../src/rehearse/rehearse';

const MINUTE = 60_000;
/** The app user of ComptaStar's instances, which the example revisions are built for. */
const USER = 'comptastar';

function getent(kind: 'passwd' | 'group', name: string): string | undefined {
  try {
    return execFileSync('getent', [kind, name]).toString().trim();
  } catch {
    return undefined;
  }
}
const ownerOf = (file: string) =>
  getent('passwd', String(fs.statSync(file).uid))?.split(':')[0] ?? String(fs.statSync(file).uid);
const processUser = (pid: number) =>
  execFileSync('ps', ['-o', 'user=', '-p', String(pid)])
    .toString()
    .trim();

describe('rehearsal as root, with the real user switch', () => {
  let api: string;
  let root: string;
  /** Copies of the shared revision (never written into). */
  let copies: string;
  let first: RehearsalResult;
  const userBefore = getent('passwd', USER);
  const rootPm2Before = fs.existsSync('/root/.pm2');
  const hostUnitBefore = fs.existsSync('/etc/systemd/system/pm2-comptastar.service');

  beforeAll(async () => {
    // What root mode needs, or a clear failure (`--as-root` checks the same).
    checkRootMode();
    try {
      execFileSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
    } catch {
      throw new Error('root mode needs `unshare --mount` (CAP_SYS_ADMIN): this machine refuses it');
    }
    api = await sharedRevision('api');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-root-'));
    copies = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-root-revisions-'));
  }, 12 * MINUTE);

  afterAll(async () => {
    if (root) {
      await cleanupRehearsal(root);
      fs.rmSync(root, { recursive: true, force: true });
    }
    if (copies) fs.rmSync(copies, { recursive: true, force: true });
    // It cleaned up after itself: the user it created is gone.
    expect(getent('passwd', USER)).toBe(userBefore);
  }, 2 * MINUTE);

  test(
    'the app runs as comptastar, owns its folder and files, and PM2 is registered with systemd under the instance root',
    async () => {
      first = await rehearse({
        revision: api,
        healthCheckPath: HEALTH.api,
        root,
        asRoot: true,
        keepRunning: true,
      });
      expect(first.failedEvent).toBeUndefined();
      expect(first.healthStatus).toBe(200);
      expect(first.install).toMatchObject({ chowned: true });

      const [proc] = await pm2Processes(root);
      expect(processUser(proc.pid)).toBe(USER);
      const pm2Pid = Number(fs.readFileSync(path.join(root, 'home/comptastar/.pm2/pm2.pid'), 'utf8'));
      expect(processUser(pm2Pid)).toBe(USER);

      const appDir = path.join(root, 'opt/comptastar/api');
      // The agent leaves the folder it creates to root; AfterInstall gives it to the app user.
      expect(ownerOf(appDir)).toBe(USER);
      for (const f of ['revision.json', 'app/dist/main.bundle.mjs', 'hooks/lib/common.sh', '.env']) {
        expect([f, ownerOf(path.join(appDir, f))]).toEqual([f, USER]);
      }
      expect(fs.statSync(path.join(appDir, '.env')).mode.toString(8).slice(-3)).toBe('600');
      expect(ownerOf(path.join(root, 'etc/comptastar/identity.env'))).toBe('root');

      const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/pm2-comptastar.service'), 'utf8');
      expect(unit).toContain(`User=${USER}`);
      expect(unit).toContain(`Environment=PM2_HOME=${root}/home/comptastar/.pm2`);
      // `systemctl enable`'s link, absolute as the namespace saw it.
      expect(
        fs.readlinkSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/pm2-comptastar.service')),
      ).toBe('/etc/systemd/system/pm2-comptastar.service');
      // Nothing of this machine changed: no unit in its /etc, no PM2 home left in root's home.
      expect(fs.existsSync('/etc/systemd/system/pm2-comptastar.service')).toBe(hostUnitBefore);
      if (!rootPm2Before) expect(fs.existsSync('/root/.pm2')).toBe(false);
    },
    3 * MINUTE,
  );

  test(
    'a second deployment stops the app as comptastar and replaces it',
    async () => {
      const [old] = await pm2Processes(root);
      const second = await rehearse({
        revision: newRevisionOf(api, '2.0.0', copies),
        healthCheckPath: HEALTH.api,
        root,
        asRoot: true,
        keepRunning: true,
      });
      expect(second.failedEvent).toBeUndefined();
      expect(second.hooks[0].output).toMatch(/stopped api in \d+ s/);
      expect(second.healthStatus).toBe(200);
      const [now] = await pm2Processes(root);
      expect(now.pid).not.toBe(old.pid);
      expect(processUser(now.pid)).toBe(USER);
    },
    3 * MINUTE,
  );
});
