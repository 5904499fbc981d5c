import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeNist } from '../common/nist';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';
import { alarmMessage, deploymentMessage, NotificationKind } from '../notifications/messages';

export interface NotificationRuleOptions {
  readonly naming: Naming;
  readonly appName: string;
  readonly topic: sns.ITopic;
  readonly deploymentGroupName: string;
  /**
   * Every alarm of the app (rollback, fleet, WAF). They reach the topic through the alarm rule
   * alone, so none has an SNS action of its own: CloudWatch's message could not carry the
   * environment, the app or the command to run.
   */
  readonly alarms: cloudwatch.Alarm[];
  /** The physical names of those alarms (built by Naming, known at synth), in the same order. */
  readonly alarmNames: string[];
}

/**
 * Readable notifications to the topic (src/notifications/messages.ts): failed and stopped
 * deployments of the app (CodeDeploy state FAILURE, STOP) and its alarms entering ALARM, each one
 * line with the command to run, then the event's fields.
 */
export function createNotificationRules(scope: Construct, o: NotificationRuleOptions): void {
  const { naming, appName: app } = o;
  const names = ResourceNames.of(naming);
  const target = (message: events.RuleTargetInput) => new eventsTargets.SnsTopic(o.topic, { message });
  const deploymentRule = (
    id: string,
    ruleName: string,
    state: string,
    kind: NotificationKind.DEPLOYMENT_FAILED | NotificationKind.DEPLOYMENT_STOPPED,
  ) =>
    new events.Rule(scope, id, {
      ruleName,
      description: `${state} CodeDeploy deployments of ${names.resourcePrefix(app)} to the notification topic`,
      eventPattern: {
        source: ['aws.codedeploy'],
        detailType: ['CodeDeploy Deployment State-change Notification'],
        detail: {
          state: [state],
          application: [names.codeDeployApplicationName(app)],
          deploymentGroup: [o.deploymentGroupName],
        },
      },
      targets: [target(deploymentMessage(naming, app, kind))],
    });
  deploymentRule(
    'DeploymentFailed',
    names.deploymentFailureRuleName(app),
    'FAILURE',
    NotificationKind.DEPLOYMENT_FAILED,
  );
  deploymentRule(
    'DeploymentStopped',
    names.deploymentStoppedRuleName(app),
    'STOP',
    NotificationKind.DEPLOYMENT_STOPPED,
  );

  for (const alarm of o.alarms) {
    acknowledgeNist(alarm, 'NIST.800.53.R5-CloudWatchAlarmAction');
  }
  new events.Rule(scope, 'AlarmNotification', {
    ruleName: names.alarmNotificationRuleName(app),
    description: `Alarms of ${names.resourcePrefix(app)} (rollback, fleet, WAF) entering ALARM to the notification topic`,
    eventPattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      detail: { alarmName: o.alarmNames, state: { value: ['ALARM'] } },
    },
    targets: [target(alarmMessage(naming, app))],
  });
}
