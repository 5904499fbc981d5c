/**
 * Drift test between this library and @comptastar/deploy-hooks (src/service/hook-contract.ts):
 * for a project that is not ComptaStar, the identity file the user data writes has exactly the
 * keys the hooks require, the build's `bundle --layout` is the InstanceLayout and is what
 * `deploy-hooks bundle` accepts, the hooks' own `load_identity` reads the two together, and
 * nothing says "comptastar".
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  IDENTITY_KEYS,
  parseEnvFile,
  parseLayout,
  renderLayoutEnv,
  REVISION,
} from '@comptastar/deploy-hooks';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { userDataOf } from './fixture';
import { Naming } from '../../src/config';
import { ResourceNames } from '../../src/config/resource-names';
import { bundleCommand, KIT_DIR } from '../../src/pipeline/buildspec';
import { InstanceLayout } from '../../src/service';
import { HEREDOC_END, renderUserData } from '../../src/service/user-data';

const naming = new Naming({ projectName: 'acme', environment: 'prod' });
const layout = InstanceLayout.of(naming);
const app = { appName: 'backend', sourcePath: 'apps/backend', artifactName: 'backend_revision' };

/** acme's backend boot script, synthesized in a launch template of a stack in eu-west-1. */
const script = (() => {
  const stack = new Stack(new App(), 'Acme', { env: { region: 'eu-west-1' } });
  const lt = new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
    userData: renderUserData({
      naming,
      config: { appName: 'backend', port: 8080, healthCheck: { path: '/healthz' } },
      region: stack.region,
      applicationLogGroupName: ResourceNames.of(naming).applicationLogGroupName('backend'),
      deploymentLogGroupName: ResourceNames.of(naming).deploymentLogGroupName('backend'),
    }),
  });
  return userDataOf(
    Template.fromStack(stack),
    stack.resolve((lt.node.defaultChild as ec2.CfnLaunchTemplate).logicalId),
  );
})();
const identityText = script
  .split(`cat > ${layout.identityFile} <<'${HEREDOC_END}'\n`)[1]
  .split(`\n${HEREDOC_END}`)[0];
const identity = parseEnvFile(identityText);

/** The `--layout` JSON of the bundle command, as the shell hands it to deploy-hooks. */
const layoutArgument = /--layout '([^']*)'$/.exec(bundleCommand(app, layout))![1];

test('the identity file has exactly the keys the hooks require, in their order', () => {
  expect(Object.keys(identity)).toEqual([...IDENTITY_KEYS]);
  expect(identity).toEqual({
    APP_NAME: 'backend',
    PORT: '8080',
    HEALTH_CHECK_PATH: '/healthz',
    AWS_REGION: 'eu-west-1',
    SSM_PATH: '/prod/backend/',
    APP_USER: layout.appUser,
    APP_HOME: layout.appUserHome,
    APP_DIR: layout.appDir('backend'),
    LOG_DIR: layout.logDir('backend'),
    RUNTIME_DIR: layout.runtimeDir,
  });
});

test("the bundle command's --layout is the InstanceLayout, and deploy-hooks bundle accepts it", () => {
  expect(parseLayout(layoutArgument)).toEqual({
    IDENTITY_FILE: layout.identityFile,
    APP_USER: layout.appUser,
    APP_HOME: layout.appUserHome,
    APP_DIR: layout.appDir('backend'),
    LOG_DIR: layout.logDir('backend'),
    RUNTIME_DIR: layout.runtimeDir,
  });
});

test("the hooks' load_identity reads this identity with the revision's layout.env, under an instance root", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hook-contract-'));
  try {
    // A revision's hooks/lib: the hooks' common.sh beside the layout.env `bundle` writes.
    const hooksLib = path.dirname(require.resolve('@comptastar/deploy-hooks/hooks/lib/common.sh'));
    const revisionLib = path.join(root, 'revision', path.dirname(REVISION.layoutEnv));
    fs.mkdirSync(revisionLib, { recursive: true });
    fs.copyFileSync(path.join(hooksLib, 'common.sh'), path.join(revisionLib, 'common.sh'));
    fs.writeFileSync(
      path.join(revisionLib, 'layout.env'),
      renderLayoutEnv('backend', parseLayout(layoutArgument)),
    );
    const instance = path.join(root, 'instance');
    fs.mkdirSync(path.join(instance, path.dirname(layout.identityFile)), { recursive: true });
    fs.writeFileSync(path.join(instance, layout.identityFile), `${identityText}\n`);

    const output = execFileSync(
      'bash',
      [
        '-c',
        'source "$1" && load_identity && printf "%s|" "$APP_NAME" "$PORT" "$HEALTH_CHECK_PATH" "$SSM_PATH" "$APP_USER" "$APP_DIR" "$LOG_DIR" "$PM2_HOME"',
        'test',
        path.join(revisionLib, 'common.sh'),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, DEPLOY_HOOKS_ROOT: instance },
      },
    );
    expect(output.split('|')).toEqual([
      'backend',
      '8080',
      '/healthz',
      '/prod/backend/',
      'acme',
      `${instance}/opt/acme/backend`,
      `${instance}/var/log/acme/backend`,
      `${instance}/home/acme/.pm2`,
      '',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("nothing in acme's boot script, bundle command or kit folder says comptastar", () => {
  expect([script, bundleCommand(app, layout), KIT_DIR].join('\n')).not.toMatch(/comptastar/i);
  expect(script).toContain('useradd --create-home --home-dir /home/acme --shell /bin/bash acme');
});
