/**
 * Pure planning: observed state + desired state -> the list of actions that bring AWS to the
 * desired state. No AWS calls here, so every branch is unit-tested (test/fleet/plan.test.ts).
 */
import { DESIRED_CONFIG_TAG_KEY, DesiredState, FLEET_TAG_KEY, PolicySpec } from './types';

/** Status Auto Scaling reports while a group is being deleted. */
export const DELETING_STATUS = 'Delete in progress';

/** A scaling policy as observed on a group. */
export interface ObservedPolicy {
  readonly policyName: string;
  readonly policyArn?: string;
  readonly policyType?: string;
  readonly adjustmentType?: string;
  readonly scalingAdjustment?: number;
  readonly cooldown?: number;
}

/** An Auto Scaling group the fleet owns (fleet tag, copy name prefix, or the first group's name). */
export interface ObservedGroup {
  readonly name: string;
  /** Creation time in epoch milliseconds. */
  readonly createdTime: number;
  readonly status?: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly launchTemplateId?: string;
  readonly launchTemplateVersion?: string;
  readonly healthCheckType?: string;
  readonly healthCheckGracePeriod?: number;
  readonly subnetIds: string[];
  readonly targetGroupArns: string[];
  readonly tags: Record<string, string>;
  readonly policies: ObservedPolicy[];
}

/** A CloudWatch metric alarm whose name starts with the fleet's alarm prefix. */
export interface ObservedAlarm {
  readonly alarmName: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly statistic?: string;
  readonly dimensions: Array<{ name: string; value: string }>;
  readonly threshold?: number;
  readonly comparisonOperator?: string;
  readonly period?: number;
  readonly evaluationPeriods?: number;
  readonly alarmActions: string[];
}

/** The deployment group settings the fleet manages, normalized (lists sorted) for comparison. */
export interface DeploymentGroupConfig {
  readonly autoScalingGroups: string[];
  readonly serviceRoleArn: string;
  readonly deploymentStyle: { deploymentType: string; deploymentOption: string };
  readonly blueGreenDeploymentConfiguration: {
    deploymentReadyOption: { actionOnTimeout: string };
    greenFleetProvisioningOption: { action: string };
    terminateBlueInstancesOnDeploymentSuccess: { action: string; terminationWaitTimeInMinutes: number };
  };
  readonly loadBalancerInfo: { targetGroupInfoList: Array<{ name: string }> };
  readonly autoRollbackConfiguration: { enabled: boolean; events: string[] };
  readonly alarmConfiguration: {
    enabled: boolean;
    ignorePollAlarmFailure: boolean;
    alarms: Array<{ name: string }>;
  };
}

/** What the handler read from AWS before planning. */
export interface ObservedState {
  readonly groups: ObservedGroup[];
  readonly alarms: ObservedAlarm[];
  /** Undefined when the deployment group does not exist. */
  readonly deploymentGroup?: DeploymentGroupConfig;
  /** Ids of deployments of the group that have not ended. */
  readonly activeDeploymentIds: string[];
}

/** Settings of a group create or update. */
export interface GroupSettings {
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredCapacity?: number;
  readonly launchTemplate?: { id: string; version: string };
  readonly healthCheckType?: string;
  readonly healthCheckGracePeriod?: number;
  readonly subnetIds?: string[];
}

export interface GroupTag {
  readonly key: string;
  readonly value: string;
  readonly propagateAtLaunch: boolean;
}

/** One step of a plan; `reconcile.ts` executes each with one AWS call (or a few). */
export type Action =
  | {
      type: 'createGroup';
      groupName: string;
      settings: Required<GroupSettings>;
      targetGroupArn: string;
      tags: GroupTag[];
    }
  | { type: 'updateGroup'; groupName: string; settings: GroupSettings }
  | { type: 'tagGroup'; groupName: string; tags: GroupTag[] }
  | { type: 'attachTargetGroup'; groupName: string; targetGroupArn: string }
  | { type: 'putPolicy'; groupName: string; policy: PolicySpec }
  | { type: 'deletePolicy'; groupName: string; policyName: string }
  | { type: 'putAlarm'; groupName: string; policy: PolicySpec }
  | { type: 'deleteAlarms'; alarmNames: string[] }
  | { type: 'createDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'updateDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'deleteDeploymentGroup' }
  | { type: 'deleteGroup'; groupName: string };

/** A plan: either wait for deployments to end, or apply actions. */
export type Plan =
  { kind: 'wait'; deploymentIds: string[] } | { kind: 'apply'; liveGroupName?: string; actions: Action[] };

/** Extra input of a reconcile plan. */
export interface ReconcileContext {
  /** The desired capacity of the previous properties (CloudFormation Update), if known. */
  readonly previousDesiredCapacity?: number;
}

/**
 * The group that serves: the deployment group's current group if it still exists, else the
 * newest group of the fleet. Groups being deleted are never chosen.
 */
export function selectLiveGroup(observed: ObservedState): ObservedGroup | undefined {
  const alive = observed.groups.filter((g) => g.status !== DELETING_STATUS);
  const current = observed.deploymentGroup?.autoScalingGroups[0];
  const byDeploymentGroup = alive.find((g) => g.name === current);
  if (byDeploymentGroup) {
    return byDeploymentGroup;
  }
  return [...alive].sort((a, b) => b.createdTime - a.createdTime || a.name.localeCompare(b.name))[0];
}

/** Plans Create, Update and the post-deployment reconcile (they converge to the same state). */
export function planReconcile(
  desired: DesiredState,
  observed: ObservedState,
  context: ReconcileContext = {},
): Plan {
  if (observed.activeDeploymentIds.length > 0) {
    return { kind: 'wait', deploymentIds: [...observed.activeDeploymentIds] };
  }
  const live = selectLiveGroup(observed);
  const liveName = live?.name ?? desired.autoScalingGroupName;
  const actions: Action[] = [];

  if (live) {
    actions.push(...planGroupUpdate(desired, live, context));
  } else {
    actions.push({
      type: 'createGroup',
      groupName: liveName,
      settings: {
        minSize: desired.minSize,
        maxSize: desired.maxSize,
        desiredCapacity: desired.desiredCapacity,
        launchTemplate: { id: desired.launchTemplateId, version: desired.launchTemplateVersion },
        healthCheckType: 'ELB',
        healthCheckGracePeriod: desired.healthCheckGracePeriodSeconds,
        subnetIds: [...desired.subnetIds].sort(),
      },
      targetGroupArn: desired.targetGroupArn,
      tags: desiredTags(desired),
    });
  }

  actions.push(...planPoliciesAndAlarms(desired, observed, live, liveName));

  const config = deploymentGroupConfig(desired, liveName);
  if (!observed.deploymentGroup) {
    actions.push({ type: 'createDeploymentGroup', config });
  } else if (!sameJson(observed.deploymentGroup, config)) {
    actions.push({ type: 'updateDeploymentGroup', config });
  }

  // Copies left by failed or stopped deployments, and originals CodeDeploy did not remove. Only
  // after the deployment group points at the live group, and never during a deployment.
  for (const group of observed.groups) {
    if (group.name !== liveName && group.status !== DELETING_STATUS) {
      actions.push(...planGroupRemoval(group));
    }
  }
  return { kind: 'apply', liveGroupName: liveName, actions };
}

/** Plans Delete: the deployment group, every group of the fleet with its policies, every alarm. */
export function planDelete(observed: ObservedState): Plan {
  if (observed.activeDeploymentIds.length > 0) {
    return { kind: 'wait', deploymentIds: [...observed.activeDeploymentIds] };
  }
  const actions: Action[] = [];
  if (observed.deploymentGroup) {
    actions.push({ type: 'deleteDeploymentGroup' });
  }
  if (observed.alarms.length > 0) {
    actions.push({ type: 'deleteAlarms', alarmNames: observed.alarms.map((a) => a.alarmName).sort() });
  }
  for (const group of observed.groups) {
    if (group.status !== DELETING_STATUS) {
      actions.push(...planGroupRemoval(group));
    }
  }
  return { kind: 'apply', actions };
}

/**
 * The desired count for an existing group, or undefined to leave it. A count that scaling
 * changed is kept (within the bounds) unless the configured value changed since it was applied:
 * per the previous properties of a CloudFormation update, or the tag the fleet wrote.
 */
export function desiredCountChange(
  desired: DesiredState,
  group: ObservedGroup,
  context: ReconcileContext = {},
): number | undefined {
  const tagged = group.tags[DESIRED_CONFIG_TAG_KEY];
  const configChanged =
    (context.previousDesiredCapacity !== undefined &&
      context.previousDesiredCapacity !== desired.desiredCapacity) ||
    (tagged !== undefined && Number(tagged) !== desired.desiredCapacity);
  const target = configChanged
    ? desired.desiredCapacity
    : Math.min(desired.maxSize, Math.max(desired.minSize, group.desiredCapacity));
  return target === group.desiredCapacity ? undefined : target;
}

/** The deployment group as the fleet wants it, serving `groupName`. */
export function deploymentGroupConfig(desired: DesiredState, groupName: string): DeploymentGroupConfig {
  const dg = desired.deploymentGroup;
  return {
    autoScalingGroups: [groupName],
    serviceRoleArn: dg.serviceRoleArn,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
      greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: dg.terminationWaitMinutes,
      },
    },
    loadBalancerInfo: { targetGroupInfoList: [{ name: desired.targetGroupName }] },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
    alarmConfiguration: {
      enabled: dg.rollbackAlarmNames.length > 0,
      ignorePollAlarmFailure: false,
      alarms: [...dg.rollbackAlarmNames].sort().map((name) => ({ name })),
    },
  };
}

/** Tags every group of the fleet carries. */
export function desiredTags(desired: DesiredState): GroupTag[] {
  return [
    { key: FLEET_TAG_KEY, value: desired.fleetId, propagateAtLaunch: true },
    { key: DESIRED_CONFIG_TAG_KEY, value: String(desired.desiredCapacity), propagateAtLaunch: false },
    ...desired.tags.map((t) => ({ key: t.key, value: t.value, propagateAtLaunch: true })),
  ];
}

function planGroupUpdate(desired: DesiredState, live: ObservedGroup, context: ReconcileContext): Action[] {
  const actions: Action[] = [];
  const settings: { -readonly [K in keyof GroupSettings]: GroupSettings[K] } = {};
  if (live.minSize !== desired.minSize) settings.minSize = desired.minSize;
  if (live.maxSize !== desired.maxSize) settings.maxSize = desired.maxSize;
  const count = desiredCountChange(desired, live, context);
  if (count !== undefined) settings.desiredCapacity = count;
  if (
    live.launchTemplateId !== desired.launchTemplateId ||
    live.launchTemplateVersion !== desired.launchTemplateVersion
  ) {
    settings.launchTemplate = { id: desired.launchTemplateId, version: desired.launchTemplateVersion };
  }
  if (live.healthCheckType !== 'ELB') settings.healthCheckType = 'ELB';
  if (live.healthCheckGracePeriod !== desired.healthCheckGracePeriodSeconds) {
    settings.healthCheckGracePeriod = desired.healthCheckGracePeriodSeconds;
  }
  const subnets = [...desired.subnetIds].sort();
  if (!sameJson([...live.subnetIds].sort(), subnets)) settings.subnetIds = subnets;
  if (Object.keys(settings).length > 0) {
    actions.push({ type: 'updateGroup', groupName: live.name, settings });
  }

  const tags = desiredTags(desired).filter((t) => live.tags[t.key] !== t.value);
  if (tags.length > 0) {
    actions.push({ type: 'tagGroup', groupName: live.name, tags });
  }
  if (!live.targetGroupArns.includes(desired.targetGroupArn)) {
    actions.push({ type: 'attachTargetGroup', groupName: live.name, targetGroupArn: desired.targetGroupArn });
  }
  return actions;
}

function planPoliciesAndAlarms(
  desired: DesiredState,
  observed: ObservedState,
  live: ObservedGroup | undefined,
  liveName: string,
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
  for (const policy of livePolicies) {
    if (!wantedPolicies.has(policy.policyName)) {
      actions.push({ type: 'deletePolicy', groupName: liveName, policyName: policy.policyName });
    }
  }
  return actions;
}

function planGroupRemoval(group: ObservedGroup): Action[] {
  return [
    ...group.policies.map((p): Action => ({
      type: 'deletePolicy',
      groupName: group.name,
      policyName: p.policyName,
    })),
    { type: 'deleteGroup', groupName: group.name },
  ];
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

/** Deep equality of JSON values, independent of key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
