/**
 * What the deploy hooks (@comptastar/deploy-hooks) read, by the names they read it under: the
 * keys of an instance's identity file, and the layout `deploy-hooks bundle --layout` takes. A
 * jsii library carries no run-time dependency, so the names are written here as well as in
 * deploy-hooks (src/revision/identity.ts); test/service/hook-contract.test.ts fails when they
 * differ. Internal: not exported from the package index.
 */
import { InstanceLayout } from './instance-layout';
import { Naming } from '../config/naming';

/** What the identity of one app's instances says besides its layout. */
export interface IdentityProps {
  readonly naming: Naming;
  readonly appName: string;
  readonly port: number;
  readonly healthCheckPath: string;
  /** The stack's Region (may be a token). */
  readonly region: string;
}

/**
 * The identity file's lines, in order: what only the instance knows (its service's settings, its
 * Region, its SSM path), then its layout.
 */
export function identityEntries(layout: InstanceLayout, props: IdentityProps): Array<[string, string]> {
  const app = props.appName;
  return [
    ['APP_NAME', app],
    ['PORT', String(props.port)],
    ['HEALTH_CHECK_PATH', props.healthCheckPath],
    ['AWS_REGION', props.region],
    ['SSM_PATH', props.naming.ssmPath(app)],
    ...layoutEntries(layout, app),
  ];
}

/** `deploy-hooks bundle --layout`: the app's layout and where its identity file is. */
export function bundleLayout(layout: InstanceLayout, appName: string): Record<string, string> {
  return Object.fromEntries([['IDENTITY_FILE', layout.identityFile], ...layoutEntries(layout, appName)]);
}

/** The identity keys of the layout, which the build passes to the revision as well. */
function layoutEntries(layout: InstanceLayout, appName: string): Array<[string, string]> {
  return [
    ['APP_USER', layout.appUser],
    ['APP_HOME', layout.appUserHome],
    ['APP_DIR', layout.appDir(appName)],
    ['LOG_DIR', layout.logDir(appName)],
    ['RUNTIME_DIR', layout.runtimeDir],
  ];
}
