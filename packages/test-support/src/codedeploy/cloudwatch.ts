/** What CodeDeploy reads of the deployment group's alarms, and what deleting a group does to alarms, on moto's CloudWatch. */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  MetricAlarm,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmConfiguration } from '@aws-sdk/client-codedeploy';

/**
 * Whether the deployment group's alarms stop a deployment: an alarm of the deployment group
 * (alarmConfiguration.enabled) in ALARM does. An alarm CloudWatch cannot answer for (a missing alarm, or
 * the call failing) does too unless ignorePollAlarmFailure: "false: The deployment stops if alarm status
 * information can't be retrieved from Amazon CloudWatch."
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_AlarmConfiguration.html).
 */
export async function alarmsStopDeployment(
  cw: CloudWatchClient,
  config: AlarmConfiguration | undefined,
): Promise<boolean> {
  const names = (config?.alarms ?? []).map((a) => a.name!).filter((n) => n);
  if (!config?.enabled || names.length === 0) return false;
  let alarms: MetricAlarm[];
  try {
    alarms = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ?? [];
  } catch {
    return !config.ignorePollAlarmFailure;
  }
  const unreadable = names.some((n) => !alarms.some((a) => a.AlarmName === n));
  return alarms.some((a) => a.StateValue === 'ALARM') || (unreadable && !config.ignorePollAlarmFailure);
}

/**
 * What deleting a group with scaling policies does to alarms: "deletes ... the underlying alarm actions,
 * and any alarm that no longer has an associated action"
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html); moto does
 * none of it. Alarms left with another action keep their state.
 */
export async function removePolicyActions(cw: CloudWatchClient, policyArns: Set<string>): Promise<void> {
  // Every alarm first: deleting while paging would move the pages.
  const alarms: MetricAlarm[] = [];
  for await (const page of paginateDescribeAlarms({ client: cw }, {})) {
    alarms.push(...(page.MetricAlarms ?? []));
  }
  for (const alarm of alarms) {
    const all = [
      ...(alarm.AlarmActions ?? []),
      ...(alarm.OKActions ?? []),
      ...(alarm.InsufficientDataActions ?? []),
    ];
    if (!all.some((a) => policyArns.has(a))) continue;
    if (all.every((a) => policyArns.has(a))) {
      await cw.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.AlarmName!] }));
    } else {
      await putWithoutActions(cw, alarm, policyArns);
    }
  }
}

/** PutMetricAlarm of the same alarm minus the given actions, then its state as it was. */
async function putWithoutActions(cw: CloudWatchClient, a: MetricAlarm, removed: Set<string>): Promise<void> {
  const keep = (actions?: string[]) => (actions ?? []).filter((x) => !removed.has(x));
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: a.AlarmName,
      AlarmDescription: a.AlarmDescription,
      ActionsEnabled: a.ActionsEnabled,
      OKActions: keep(a.OKActions),
      AlarmActions: keep(a.AlarmActions),
      InsufficientDataActions: keep(a.InsufficientDataActions),
      MetricName: a.MetricName,
      Namespace: a.Namespace,
      Statistic: a.Statistic,
      ExtendedStatistic: a.ExtendedStatistic,
      Dimensions: a.Dimensions,
      Period: a.Period,
      Unit: a.Unit,
      EvaluationPeriods: a.EvaluationPeriods,
      DatapointsToAlarm: a.DatapointsToAlarm,
      Threshold: a.Threshold,
      ComparisonOperator: a.ComparisonOperator,
      TreatMissingData: a.TreatMissingData,
      EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
      Metrics: a.Metrics?.length ? a.Metrics : undefined,
      ThresholdMetricId: a.ThresholdMetricId,
    }),
  );
  // Removing an action does not change an alarm's state in AWS; moto's PutMetricAlarm resets it.
  if (a.StateValue) {
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: a.AlarmName,
        StateValue: a.StateValue,
        StateReason: a.StateReason ?? 'unchanged',
      }),
    );
  }
}
