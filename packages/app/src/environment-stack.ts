import { BlueGreenPipeline, ComptaStarService, Network, WafSetting } from '@comptastar/constructs';
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { WafConfig } from './environment-config';
import type { LoadedEnvironment } from './load-environments';

export interface EnvironmentStackProps extends StackProps {
  readonly environment: LoadedEnvironment;
}

/**
 * Everything one environment runs: the network, one ComptaStarService per app, one
 * BlueGreenPipeline deploying them all, and one notification topic they share.
 * Named `${project}-${environment}` (like every physical name) so environments coexist.
 */
export class EnvironmentStack extends Stack {
  /** The validated environment file this stack was built from. */
  public readonly loaded: LoadedEnvironment;
  public readonly network: Network;
  public readonly services: ComptaStarService[];
  public readonly pipeline: BlueGreenPipeline;
  public readonly notificationTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const env = props.environment;
    this.loaded = env;
    const { naming, config } = env;
    this.templateOptions.description = `ComptaStar ${naming.environment}: ${env.apps.map((a) => a.appName).join(', ')}`;

    this.network = new Network(this, 'Network', { ...env.network, naming });
    this.notificationTopic = this.createNotificationTopic(env);

    this.services = env.apps.map(
      (app) =>
        new ComptaStarService(this, pascal(app.appName), {
          naming,
          vpc: this.network.vpc,
          service: { ...config.apps[app.appName], appName: app.appName },
          certificateArn: 'certificateArn' in env.https ? env.https.certificateArn : undefined,
          httpOnlyReason: 'httpOnlyReason' in env.https ? env.https.httpOnlyReason : undefined,
          waf: wafSetting(env.waf),
          deletionProtection: env.deletionProtection,
          alarmTopic: this.notificationTopic,
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
      buildTimeoutMinutes: p.buildTimeoutMinutes,
      apps: this.services.map((s) => ({ appName: s.config.appName, deploymentGroup: s.deploymentGroup })),
      notificationTopic: this.notificationTopic,
    });
    // The CodeDeploy agent downloads each revision with the instance role.
    this.services.forEach((s) => s.grantArtifactRead(this.pipeline.artifactBucket));

    for (const app of env.apps) {
      new CfnOutput(this, `${pascal(app.appName)}SsmPath`, {
        description: `SSM Parameter Store path of ${app.appName}`,
        value: app.ssmPath,
      });
    }
  }

  /** One encrypted, TLS-only topic for the rollback alarms, failed deployments, pipeline and build failures. */
  private createNotificationTopic(env: LoadedEnvironment): sns.Topic {
    const key = new kms.Key(this, 'NotificationKey', {
      description: `${env.naming.notificationTopicName()} topic encryption`,
      enableKeyRotation: true,
    });
    // EventBridge rules (the readable notifications) and CloudWatch alarms (the fleets') publish with this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowNotificationPublishers',
        principals: [
          new iam.ServicePrincipal('events.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'NotificationTopic', {
      topicName: env.naming.notificationTopicName(),
      masterKey: key,
      enforceSSL: true,
    });
    if (env.config.alarmEmail) {
      topic.addSubscription(new subscriptions.EmailSubscription(env.config.alarmEmail));
    }
    return topic;
  }
}

function wafSetting(waf: WafConfig): WafSetting {
  if (waf === 'managed') return WafSetting.managed();
  return 'off' in waf ? WafSetting.off(waf.off) : WafSetting.fromWebAclArn(waf.webAclArn);
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
