/** CloudWatch: the CPU alarms that trigger the fleet's scaling policies. */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import {
  DeleteAlarmsCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { readPolicies } from './auto-scaling';
import { call } from './aws-call';
import { FleetClients } from './clients';
import { DesiredState } from '../desired-state';
import type { ActionOf, ObservedAlarm } from '../plan';

/** Every metric alarm whose name starts with the fleet's alarm prefix. */
export async function readAlarms(clients: FleetClients, desired: DesiredState): Promise<ObservedAlarm[]> {
  const alarms: ObservedAlarm[] = [];
  await call('cloudwatch:DescribeAlarms', `alarms prefixed ${desired.alarmNamePrefix}`, async () => {
    for await (const page of paginateDescribeAlarms(
      { client: clients.cloudWatch },
      { AlarmNamePrefix: desired.alarmNamePrefix, AlarmTypes: ['MetricAlarm'] },
    )) {
      for (const a of page.MetricAlarms ?? []) {
        alarms.push({
          alarmName: a.AlarmName!,
          namespace: a.Namespace,
          metricName: a.MetricName,
          statistic: a.Statistic,
          dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name!, value: d.Value! })),
          threshold: a.Threshold,
          comparisonOperator: a.ComparisonOperator,
          period: a.Period,
          evaluationPeriods: a.EvaluationPeriods,
          alarmActions: a.AlarmActions ?? [],
        });
      }
    }
  });
  return alarms;
}

/** Puts the CPU alarm of a policy, on the group's CPU, with the policy's ARN as its action. */
export async function putAlarm(
  clients: FleetClients,
  desired: DesiredState,
  action: ActionOf<'putAlarm'>,
): Promise<void> {
  const p = action.policy;
  // PutScalingPolicy's answer may lack the ARN (moto); DescribePolicies has it everywhere.
  const policyArn = (await readPolicies(clients, action.groupName)).find(
    (x) => x.policyName === p.policyName,
  )?.policyArn;
  if (!policyArn) {
    throw new Error(
      `cloudwatch:PutMetricAlarm on alarm ${p.alarmName} not attempted: policy ${p.policyName} of group ${action.groupName} has no ARN`,
    );
  }
  await call('cloudwatch:PutMetricAlarm', `alarm ${p.alarmName}`, () =>
    clients.cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: p.alarmName,
        AlarmDescription: `Runs ${p.policyName} on Auto Scaling group ${action.groupName} (managed by fleet ${desired.fleetId})`,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Statistic: p.statistic as any,
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: action.groupName }],
        Period: p.periodSeconds,
        EvaluationPeriods: p.evaluationPeriods,
        Threshold: p.threshold,
        ComparisonOperator: p.comparisonOperator as any,
        AlarmActions: [policyArn],
      }),
    ),
  );
}

/** Deletes alarms, 100 per call (the DeleteAlarms limit). */
export async function deleteAlarms(clients: FleetClients, action: ActionOf<'deleteAlarms'>): Promise<void> {
  for (let i = 0; i < action.alarmNames.length; i += 100) {
    const names = action.alarmNames.slice(i, i + 100);
    await call('cloudwatch:DeleteAlarms', `alarms ${names.join(', ')}`, () =>
      clients.cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: names })),
    );
  }
}
