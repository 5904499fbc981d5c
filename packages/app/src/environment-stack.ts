import {
  BlueGreenPipeline,
  BlueGreenService,
  Network,
  NotificationTopic,
  WafSetting,
} from '@comptastar/constructs';
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { WafConfig } from './environment-config';
import type { LoadedEnvironment } from './load-environments';

export interface EnvironmentStackProps extends StackProps {
  readonly environment: LoadedEnvironment;
}

/**
 * Everything one environment runs: the network, one BlueGreenService per app, one
 * BlueGreenPipeline deploying them all, and one notification topic they share.
 * Named `${project}-${environment}` (like every physical name) so environments coexist.
 */
export class EnvironmentStack extends Stack {
  /** The validated environment file this stack was built from. */
  public readonly loaded: LoadedEnvironment;
  public readonly network: Network;
  public readonly services: BlueGreenService[];
  public readonly pipeline: BlueGreenPipeline;
  public readonly notificationTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const env = props.environment;
    this.loaded = env;
    const { naming, config } = env;
    this.templateOptions.description = `ComptaStar ${naming.environment}: ${env.apps.map((a) => a.appName).join(', ')}`;

    this.network = new Network(this, 'Network', { ...env.network, naming });
    // One topic for the rollback alarms, failed deployments, pipeline and build failures.
    this.notificationTopic = NotificationTopic.create(this, 'NotificationTopic', {
      topicName: naming.environmentResourceNames().notificationTopic,
      email: config.alarmEmail,
    });

    this.services = env.apps.map(
      (service) =>
        new BlueGreenService(this, pascal(service.appName), {
          naming,
          vpc: this.network.vpc,
          service,
          certificateArn: 'certificateArn' in env.https ? env.https.certificateArn : undefined,
          httpOnlyReason: 'httpOnlyReason' in env.https ? env.https.httpOnlyReason : undefined,
          waf: wafSetting(env.waf),
          deletionProtection: env.deletionProtection,
          notificationTopic: this.notificationTopic,
        }),
    );

    const p = config.pipeline ?? {};
    this.pipeline = new BlueGreenPipeline(this, 'Pipeline', {
      naming,
      repository: config.github.repository,
      branch: config.github.branch,
      connectionArn: p.connectionArn,
      filePathsIncludes: p.filePathsIncludes,
      filePathsExcludes: p.filePathsExcludes,
      buildTimeout: p.buildTimeout,
      services: this.services,
      notificationTopic: this.notificationTopic,
    });

    for (const service of this.services) {
      new CfnOutput(this, `${pascal(service.appName)}SsmPath`, {
        description: `SSM Parameter Store path of ${service.appName}`,
        value: service.ssmPath,
      });
    }
  }
}

function wafSetting(waf: WafConfig): WafSetting {
  if (waf === 'managed') return WafSetting.managed();
  return 'off' in waf ? WafSetting.off(waf.off) : WafSetting.fromWebAclArn(waf.webAclArn);
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
