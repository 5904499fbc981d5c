/**
 * Rehearses each example app's revision with the real hooks, moto's SSM and the real PM2, on
 * loopback: a first deployment, PM2's restart, a second deployment, a missing parameter. Every
 * rehearsal root gets its own PM2 daemon, killed in afterAll.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  alive,
  archiveOf,
  cleanupFolders,
  events,
  healthStatus,
  MINUTE,
  newRoot,
  output,
  rehearseApp,
  workDir,
} from './support/rehearsal';
import { ExampleApp, HEALTH, newRevisionOf, sharedRevisions } from './support/revisions';
import { pm2Processes } from '../src/rehearse/pm2';
import { waitFor } from '../src/rehearse/processes';
import { RehearsalResult } from '../src/rehearse/rehearse';
import { HOOKS } from '../src/revision/layout';

let revisions: Record<ExampleApp, string>;

beforeAll(async () => {
  revisions = await sharedRevisions();
}, 12 * MINUTE);

afterAll(cleanupFolders, 3 * MINUTE);

describe.each<ExampleApp>(['api', 'web'])('rehearsal of %s', (app) => {
  let root: string;
  let first: RehearsalResult;

  beforeAll(() => {
    root = newRoot();
  });

  test(
    'a first deployment runs BeforeInstall to ValidateService and the app answers health 200',
    async () => {
      first = await rehearseApp(app, { revision: revisions[app], root, keepRunning: true });
      expect(first.failedEvent).toBeUndefined();
      expect(events(first)).toEqual(['BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService']);
      expect(first.healthStatus).toBe(200);
      expect(output(first)).toContain('not Amazon Linux 2023: skipping the Node.js install (dnf)');
      // PM2 is the one the revision ships, unpacked by BeforeInstall: no npm registry.
      expect(output(first)).toMatch(/pm2 \d+\.\d+\.\d+ unpacked from the revision into /);
      expect(output(first)).not.toMatch(/\bnpm\b/);
      expect(fs.existsSync(path.join(root, 'opt/comptastar/.runtime/bin/pm2'))).toBe(true);
      // Every hook ran from the agent's unpacked archive, not from the revision folder.
      expect(new Set(first.hooks.map((h) => h.archive))).toEqual(new Set([archiveOf(first)]));
      expect(first.install).toMatchObject({ removed: 0, chowned: false });
      const envFile = path.join(root, 'opt/comptastar', app, '.env');
      expect(fs.statSync(envFile).mode.toString(8).slice(-3)).toBe('600');
      expect(fs.readFileSync(envFile, 'utf8')).toMatch(/^SUPPORT_EMAIL=/m);
      expect((await pm2Processes(root)).map((p) => [p.name, p.status])).toEqual([[app, 'online']]);
      expect(
        fs.readFileSync(path.join(root, 'var/log/comptastar', app, 'out.log'), 'utf8').length,
      ).toBeGreaterThan(0);
      if (app === 'api') {
        // The bundled server validates (class-validator) and computes, not only answers health.
        const vat = (body: unknown) =>
          fetch(`http://127.0.0.1:${first.port}/api/v1/vat/compute`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const ok = await vat({ amount: 100, rate: 20 });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toMatchObject({ net: 100, vat: 20, gross: 120 });
        const bad = await vat({ amount: -1, rate: 20 });
        expect(bad.status).toBe(400);
        expect(JSON.stringify(await bad.json())).toContain('amount must not be less than 0');
      }
    },
    2 * MINUTE,
  );

  test(
    'PM2 restarts the app after SIGKILL',
    async () => {
      const [before] = await pm2Processes(root);
      process.kill(before.pid, 'SIGKILL');
      await waitFor(
        async () => {
          const [now] = await pm2Processes(root);
          return (
            now.pid !== before.pid && now.status === 'online' && (await healthStatus(first.port, app)) === 200
          );
        },
        30_000,
        `${app} restarted by PM2`,
      );
      const [after] = await pm2Processes(root);
      expect(after.restarts).toBe(before.restarts + 1);
    },
    MINUTE,
  );

  test(
    'a second deployment (a new revision) runs ApplicationStop first and replaces the app',
    async () => {
      const [old] = await pm2Processes(root);
      const second = await rehearseApp(app, {
        revision: newRevisionOf(revisions[app], '2.0.0', workDir()),
        root,
        keepRunning: true,
      });
      expect(second.failedEvent).toBeUndefined();
      expect(events(second)).toEqual(HOOKS.map((h) => h.event));
      // ApplicationStop: the script of the last successful install, from its own archive.
      expect(second.hooks[0].archive).toBe(archiveOf(first));
      expect(second.hooks.slice(1).map((h) => h.archive)).toEqual(Array(4).fill(archiveOf(second)));
      expect(second.hooks[0].output).toMatch(new RegExp(`stopped ${app} in \\d+ s`));
      expect(output(second)).toMatch(/pm2 \d+\.\d+\.\d+ already unpacked in /);
      // Install removed the files the first one copied, and copied the new ones.
      expect(second.install!.removed).toBe(first.install!.copied);
      expect(second.healthStatus).toBe(200);
      expect(second.port).toBe(first.port);
      const [now] = await pm2Processes(root);
      expect(now.pid).not.toBe(old.pid);
      expect(alive(old.pid)).toBe(false);
      const installed = JSON.parse(
        fs.readFileSync(path.join(root, 'opt/comptastar', app, 'revision.json'), 'utf8'),
      );
      expect(installed.version).toBe('2.0.0');
    },
    2 * MINUTE,
  );

  test(
    'a parameter missing in SSM fails AfterInstall naming it, and nothing is started',
    async () => {
      const fresh = newRoot();
      const missing = app === 'api' ? 'JWT_SECRET' : 'SESSION_SECRET';
      const r = await rehearseApp(app, {
        revision: revisions[app],
        root: fresh,
        keepRunning: true,
        omit: [missing, 'SUPPORT_EMAIL'],
      });
      expect(r.failedEvent).toBe('AfterInstall');
      expect(events(r)).toEqual(['BeforeInstall', 'AfterInstall']);
      expect(output(r)).toContain(
        `[configure_environment] ERROR: no value in SSM /rehearsal/${app}/ for: ${app === 'api' ? 'SUPPORT_EMAIL JWT_SECRET' : 'SUPPORT_EMAIL SESSION_SECRET'}`,
      );
      expect(fs.existsSync(path.join(fresh, 'opt/comptastar', app, '.env'))).toBe(false);
      expect(fs.existsSync(path.join(fresh, 'home/comptastar/.pm2/pm2.pid'))).toBe(false);
      await expect(fetch(`http://127.0.0.1:${r.port}${HEALTH[app]}`)).rejects.toThrow();
    },
    MINUTE,
  );
});
