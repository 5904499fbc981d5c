import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';

/**
 * The alarms that stop and roll back a running deployment (the deployment group watches them):
 * target 5xx responses, then unhealthy targets, each for 2 consecutive minutes.
 */
export function createRollbackAlarms(
  scope: Construct,
  naming: Naming,
  appName: string,
  targetGroup: elbv2.ApplicationTargetGroup,
): cloudwatch.Alarm[] {
  const minute = Duration.minutes(1);
  const errors = new cloudwatch.Alarm(scope, 'TargetErrorsAlarm', {
    alarmName: ResourceNames.of(naming).targetErrorsAlarmName(appName),
    alarmDescription: `${appName}: 5 or more 5xx responses from the targets in each of 2 consecutive minutes (a deployment running now is stopped and rolled back)`,
    metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      period: minute,
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 5,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const unhealthy = new cloudwatch.Alarm(scope, 'UnhealthyHostsAlarm', {
    alarmName: ResourceNames.of(naming).unhealthyHostsAlarmName(appName),
    alarmDescription: `${appName}: at least one unhealthy target for 2 consecutive minutes (a deployment running now is stopped and rolled back)`,
    metric: targetGroup.metrics.unhealthyHostCount({ period: minute, statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  return [errors, unhealthy];
}
