/**
 * deploy-hooks fixes no instance path: a revision built for another project's instances (project
 * "acme", the layout its buildspec passes) deploys under that project's folders, user and
 * identity file, and nothing on the instance is named after ComptaStar.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleExample, HEALTH } from './support/revisions';
import { cleanupRehearsal, pm2Processes } from '../src/rehearse/pm2';
import { rehearse, RehearsalResult } from '../src/rehearse/rehearse';
import { parseEnvFile } from '../src/revision/identity';

const MINUTE = 60_000;
let work: string;
let root: string;
let revision: string;
let r: RehearsalResult;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'project-layout-'));
  root = path.join(work, 'instance');
  revision = await bundleExample('api', path.join(work, 'api'), { project: 'acme' });
  r = await rehearse({ revision, healthCheckPath: HEALTH.api, root, keepRunning: true });
}, 12 * MINUTE);

afterAll(async () => {
  if (root) await cleanupRehearsal(root);
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, MINUTE);

test("the revision's appspec and layout.env are acme's", () => {
  const appspec = fs.readFileSync(path.join(revision, 'appspec.yml'), 'utf8');
  expect(appspec).toContain('    destination: /opt/acme/api\n');
  expect(appspec).toContain('    owner: acme\n');
  expect(parseEnvFile(fs.readFileSync(path.join(revision, 'hooks/lib/layout.env'), 'utf8'))).toMatchObject({
    IDENTITY_FILE: '/etc/acme/identity.env',
    APP_DIR: '/opt/acme/api',
  });
});

test('it deploys under <root>/opt/acme/api, with the identity, logs, PM2 home and runtime of acme', async () => {
  expect(r.failedEvent).toBeUndefined();
  expect(r.healthStatus).toBe(200);
  const at = (p: string) => path.join(root, p);
  expect(fs.existsSync(at('opt/acme/api/revision.json'))).toBe(true);
  expect(fs.existsSync(at('opt/acme/api/.env'))).toBe(true);
  expect(parseEnvFile(fs.readFileSync(at('etc/acme/identity.env'), 'utf8'))).toMatchObject({
    APP_NAME: 'api',
    APP_USER: 'acme',
    APP_DIR: '/opt/acme/api',
    SSM_PATH: '/rehearsal/api/',
  });
  expect(fs.readFileSync(at('var/log/acme/api/out.log'), 'utf8')).toContain(
    'Nest application successfully started',
  );
  expect(fs.existsSync(at('home/acme/.pm2/pm2.pid'))).toBe(true);
  expect(fs.existsSync(at('opt/acme/.runtime/bin/pm2'))).toBe(true);
  expect((await pm2Processes(root)).map((p) => [p.name, p.status])).toEqual([['api', 'online']]);
  // Nothing on the instance (outside the agent's own folders) is named after another project.
  const named = execFileSync('find', ['.', '-path', './opt/codedeploy-agent', '-prune', '-o', '-print'], {
    cwd: root,
  })
    .toString()
    .split('\n')
    .filter((f) => /comptastar/i.test(f));
  expect(named).toEqual([]);
});
