import { basename, dirname } from 'node:path';
import type { ServiceConfig } from '@comptastar/constructs';
import { CliError } from './errors';
import type { LoadedEnvironment } from '../load-environments';

/**
 * The pipeline stage holding the CodeDeploy actions (BlueGreenPipeline's stages are Source, Build,
 * Deploy): `pause` disables the transition into it.
 */
export const DEPLOY_STAGE = 'Deploy';

/** Everything the commands name for one app of one environment, from the stacks' own naming. */
export interface AppTarget {
  readonly environment: string;
  readonly app: string;
  readonly config: ServiceConfig;
  readonly codeDeployApplication: string;
  readonly deploymentGroup: string;
  readonly targetGroup: string;
  /** Every alarm of the app starts with it (CPU, rollback and fleet alarms). */
  readonly alarmPrefix: string;
  readonly deploymentLogGroup: string;
  readonly applicationLogGroup: string;
  readonly ssmPath: string;
}

/** One environment: its Region, pipeline and apps. */
export interface EnvironmentTarget {
  readonly environment: string;
  readonly stackName: string;
  readonly region?: string;
  readonly pipeline: string;
  readonly apps: AppTarget[];
}

/** The environment named on the command line, or a clear error listing the known ones. */
export function resolveEnvironment(environments: LoadedEnvironment[], name: string): EnvironmentTarget {
  const env = environments.find((e) => e.config.environment === name);
  if (!env) {
    const known = environments.map((e) => e.config.environment).join(', ');
    const dir = environments[0] ? basename(dirname(environments[0].file)) : 'environments';
    throw new CliError(
      `unknown environment "${name}"; known environments: ${known || '(none)'} (one file each in packages/app/src/${dir}/)`,
    );
  }
  const shared = env.naming.environmentResourceNames();
  return {
    environment: name,
    stackName: shared.stack,
    region: env.config.region,
    pipeline: shared.pipeline,
    apps: env.apps.map((config) => {
      const names = env.naming.appResourceNames(config.appName);
      return {
        environment: name,
        app: names.appName,
        config,
        codeDeployApplication: names.codeDeployApplication,
        deploymentGroup: names.deploymentGroup,
        targetGroup: names.targetGroup,
        alarmPrefix: names.alarmPrefix,
        deploymentLogGroup: names.deploymentLogGroup,
        applicationLogGroup: names.applicationLogGroup,
        ssmPath: names.ssmPath,
      };
    }),
  };
}

/** The apps named (all when none), or a clear error listing the environment's apps. */
export function resolveApps(env: EnvironmentTarget, name?: string): AppTarget[] {
  if (name === undefined) return env.apps;
  const app = env.apps.find((a) => a.app === name);
  if (!app) {
    throw new CliError(
      `unknown app "${name}" in environment ${env.environment}; known apps: ${env.apps.map((a) => a.app).join(', ')}`,
    );
  }
  return [app];
}
