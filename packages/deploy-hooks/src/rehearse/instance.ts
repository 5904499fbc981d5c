/**
 * The instance a rehearsal deploys to, as the launch template's user data leaves it before any
 * deployment: the app user's home, the log folder and the identity file, at the places the
 * revision's layout (hooks/lib/layout.env, from the build) names, under the instance root. The
 * app folder is the agent's (Install creates it). In root mode the app user is created when
 * missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createdUserMark, ENVIRONMENT, REGION, rootModeMark, stateDir } from './state';
import { userExists } from './system';
import { CliError } from '../errors';
import {
  BundleLayout,
  Identity,
  IDENTITY_KEYS,
  LAYOUT_KEYS,
  parseEnvFile,
  renderEnvFile,
} from '../revision/identity';

/** The identity a rehearsal writes: the revision's layout, and what only the instance knows. */
export function rehearsalIdentity(
  app: string,
  layout: BundleLayout,
  instance: { readonly port: number; readonly healthCheckPath: string },
): Identity {
  return {
    APP_NAME: app,
    PORT: String(instance.port),
    HEALTH_CHECK_PATH: instance.healthCheckPath,
    AWS_REGION: REGION,
    // param-tool's address of the app's parameters (seedParameters writes them there).
    SSM_PATH: `/${ENVIRONMENT}/${app}/`,
    ...(Object.fromEntries(LAYOUT_KEYS.map((k) => [k, layout[k]])) as Pick<
      Identity,
      (typeof LAYOUT_KEYS)[number]
    >),
  };
}

/** Makes the instance's folders and writes its identity file; in root mode, also the app user. */
export function prepareInstance(
  root: string,
  layout: BundleLayout,
  identity: Identity,
  asRoot: boolean,
): void {
  const at = (p: string) => path.join(root, p);
  for (const dir of [
    path.dirname(layout.IDENTITY_FILE),
    layout.LOG_DIR,
    layout.APP_HOME,
    'etc/systemd/system',
  ]) {
    fs.mkdirSync(at(dir), { recursive: true });
  }
  fs.mkdirSync(stateDir(root), { recursive: true });
  fs.writeFileSync(
    at(layout.IDENTITY_FILE),
    renderEnvFile(
      ['# Written by deploy-hooks rehearse, as the user data writes it'],
      identityLines(identity),
    ),
    { mode: 0o644 },
  );
  if (!asRoot) return;
  // The app user must reach its files through the root folder (mkdtemp makes it 0700).
  fs.chmodSync(root, 0o755);
  if (!userExists(layout.APP_USER)) {
    execFileSync('useradd', [
      '--user-group',
      '--no-create-home',
      '--home-dir',
      at(layout.APP_HOME),
      '--shell',
      '/bin/bash',
      layout.APP_USER,
    ]);
    fs.writeFileSync(createdUserMark(root), layout.APP_USER);
  }
  fs.writeFileSync(rootModeMark(root), '');
  for (const dir of [layout.LOG_DIR, layout.APP_HOME]) {
    execFileSync('chown', [`${layout.APP_USER}:${layout.APP_USER}`, at(dir)]);
  }
}

/** The port of an earlier rehearsal of the same app in this root, so that a redeployment keeps it. */
export function previousPort(root: string, layout: BundleLayout, app: string): number | undefined {
  const file = path.join(root, layout.IDENTITY_FILE);
  if (!fs.existsSync(file)) return undefined;
  const identity = parseEnvFile(fs.readFileSync(file, 'utf8'));
  return identity.APP_NAME === app && /^\d+$/.test(identity.PORT ?? '') ? Number(identity.PORT) : undefined;
}

/**
 * The rehearsal's additions to the agent's environment: the instance root prefix, moto's dummy
 * credentials (an instance has its role), and in root mode the user switch despite the prefix.
 */
export function hookEnvironment(root: string, asRoot = false): NodeJS.ProcessEnv {
  return {
    DEPLOY_HOOKS_ROOT: root,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...(asRoot ? { DEPLOY_HOOKS_SWITCH_USER: '1' } : {}),
  };
}

/**
 * Root mode: each script runs in a private mount namespace where /etc/systemd/system is the
 * instance root's, so `pm2 startup` writes and enables its unit there, not on this machine.
 */
export function systemdNamespace(root: string): string[] {
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

/** Fails unless root mode can run here: root, the user and namespace tools, /etc/systemd/system. */
export function checkRootMode(): void {
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

/** The identity's lines in the order of IDENTITY_KEYS. */
function identityLines(identity: Identity): Record<string, string> {
  return Object.fromEntries(IDENTITY_KEYS.map((k) => [k, identity[k]]));
}
