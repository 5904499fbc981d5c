/** The CPU Simple Scaling policies of the live group and the alarms that trigger them. */
import { Action } from './actions';
import { ObservedAlarm, ObservedGroup, ObservedPolicy, ObservedState } from './observed-state';
import { sameJson } from './same-json';
import { DesiredState, PolicySpec } from '../desired-state';

/**
 * Puts each policy that is missing or differs and rewrites its alarm (a rewritten policy may get a
 * new ARN); rewrites an alarm that differs; deletes the alarms, and unless `keepOtherPolicies` the
 * policies, that the configuration no longer has.
 */
export function planPoliciesAndAlarms(
  desired: DesiredState,
  observed: ObservedState,
  live: ObservedGroup | undefined,
  liveName: string,
  options: { keepOtherPolicies?: boolean } = {},
): Action[] {
  const actions: Action[] = [];
  const livePolicies = live?.policies ?? [];
  const wantedPolicies = new Set(desired.policies.map((p) => p.policyName));
  const wantedAlarms = new Set(desired.policies.map((p) => p.alarmName));

  for (const policy of desired.policies) {
    const current = livePolicies.find((p) => p.policyName === policy.policyName);
    const policyChanged = !current || !samePolicy(current, policy);
    if (policyChanged) {
      actions.push({ type: 'putPolicy', groupName: liveName, policy });
    }
    const alarm = observed.alarms.find((a) => a.alarmName === policy.alarmName);
    // A policy that is (re)written may get a new ARN: its alarm is rewritten with it.
    if (policyChanged || !alarm || !sameAlarm(alarm, policy, liveName, current?.policyArn)) {
      actions.push({ type: 'putAlarm', groupName: liveName, policy });
    }
  }
  const staleAlarms = observed.alarms.map((a) => a.alarmName).filter((name) => !wantedAlarms.has(name));
  if (staleAlarms.length > 0) {
    actions.push({ type: 'deleteAlarms', alarmNames: staleAlarms.sort() });
  }
  for (const policy of options.keepOtherPolicies ? [] : livePolicies) {
    if (!wantedPolicies.has(policy.policyName)) {
      actions.push({ type: 'deletePolicy', groupName: liveName, policyName: policy.policyName });
    }
  }
  return actions;
}

function samePolicy(current: ObservedPolicy, wanted: PolicySpec): boolean {
  return (
    (current.policyType ?? 'SimpleScaling') === 'SimpleScaling' &&
    current.adjustmentType === 'ChangeInCapacity' &&
    current.scalingAdjustment === wanted.scalingAdjustment &&
    current.cooldown === wanted.cooldownSeconds
  );
}

function sameAlarm(alarm: ObservedAlarm, wanted: PolicySpec, groupName: string, policyArn?: string): boolean {
  return (
    policyArn !== undefined &&
    alarm.namespace === 'AWS/EC2' &&
    alarm.metricName === 'CPUUtilization' &&
    alarm.statistic === wanted.statistic &&
    alarm.threshold === wanted.threshold &&
    alarm.comparisonOperator === wanted.comparisonOperator &&
    alarm.period === wanted.periodSeconds &&
    alarm.evaluationPeriods === wanted.evaluationPeriods &&
    sameJson(alarm.dimensions, [{ name: 'AutoScalingGroupName', value: groupName }]) &&
    sameJson(alarm.alarmActions, [policyArn])
  );
}
