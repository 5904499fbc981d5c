/**
 * Pure planning: observed state + desired state -> the list of actions that bring AWS to the
 * desired state. No AWS calls here, so every branch is unit-tested (test/fleet/plan.test.ts).
 *
 * Three situations, told apart by what AWS reports (docs/fleet.md has the timeline):
 * - no deployment is running: the full reconcile (group, policies, alarms, deployment group,
 *   removal of stray groups);
 * - a deployment is running and has not moved traffic yet: nothing changes (the original group
 *   keeps its policies and alarms and serves);
 * - a deployment has moved traffic to its green copy (its blue termination wait has started):
 *   the copy gets the policies, the alarms and the tags, so it scales during the wait; nothing
 *   else changes until the deployment ends.
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
  /** Ids of the group's instances. */
  readonly instanceIds: string[];
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

/** A deployment of the fleet's deployment group that has not ended. */
export interface ActiveDeployment {
  readonly id: string;
  /**
   * CodeDeploy's `instanceTerminationWaitTimeStarted`: traffic is on the green copy and the blue
   * termination wait has started.
   */
  readonly trafficMoved: boolean;
}

/** What the handler read from AWS before planning. */
export interface ObservedState {
  readonly groups: ObservedGroup[];
  readonly alarms: ObservedAlarm[];
  /** Undefined when the deployment group does not exist. */
  readonly deploymentGroup?: DeploymentGroupConfig;
  /** Deployments of the group that have not ended. */
  readonly activeDeployments: ActiveDeployment[];
  /** Instances healthy in the fleet's target group. */
  readonly healthyInstanceIds: string[];
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
      tags: GroupTag[];
    }
  | { type: 'updateGroup'; groupName: string; settings: GroupSettings }
  | { type: 'tagGroup'; groupName: string; tags: GroupTag[] }
  | { type: 'attachTargetGroup'; groupName: string; targetGroupArn: string }
  | { type: 'detachTargetGroup'; groupName: string; targetGroupArn: string }
  | { type: 'putPolicy'; groupName: string; policy: PolicySpec }
  | { type: 'deletePolicy'; groupName: string; policyName: string }
  | { type: 'putAlarm'; groupName: string; policy: PolicySpec }
  | { type: 'deleteAlarms'; alarmNames: string[] }
  | { type: 'createDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'updateDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'deleteDeploymentGroup' }
  | { type: 'deleteGroup'; groupName: string };

/** What a reconcile plan was made for. */
export enum PlanPhase {
  /** No deployment runs: everything is brought to the desired state. */
  FULL = 'full',
  /** A deployment runs and traffic is still on the original group: nothing changes. */
  DEPLOYMENT_BEFORE_TRAFFIC = 'deployment-before-traffic',
  /** A deployment moved traffic to its green copy: scaling is handed over to the copy. */
  DEPLOYMENT_TRAFFIC_MOVED = 'deployment-traffic-moved',
}

/** A plan: either wait for deployments to end (Delete only), or apply actions. */
export type Plan =
  | { kind: 'wait'; deploymentIds: string[] }
  | {
      kind: 'apply';
      phase?: PlanPhase;
      liveGroupName?: string;
      actions: Action[];
      /** Why groups were kept or chosen, for the log. */
      notes: string[];
    };

/** Extra input of a reconcile plan. */
export interface ReconcileContext {
  /** The desired capacity of the previous properties (CloudFormation Update), if known. */
  readonly previousDesiredCapacity?: number;
}

/**
 * The group that serves, with the reason it was chosen. Groups being deleted are never chosen.
 * In order of preference: the deployment group's current group; else the group with the most
 * instances healthy in the target group (a copy left by a failed deployment can be newer than the
 * group that serves); else a group attached to the target group; else the newest group.
 */
export function selectLiveGroup(
  desired: DesiredState,
  observed: ObservedState,
): { group: ObservedGroup; reason: string } | undefined {
  const alive = observed.groups.filter((g) => g.status !== DELETING_STATUS);
  const current = observed.deploymentGroup?.autoScalingGroups[0];
  const byDeploymentGroup = alive.find((g) => g.name === current);
  if (byDeploymentGroup) {
    return { group: byDeploymentGroup, reason: 'the deployment group names it' };
  }
  const healthy = (g: ObservedGroup) => healthyCount(g, observed);
  const ranked = [...alive].sort(
    (a, b) =>
      healthy(b) - healthy(a) ||
      Number(b.targetGroupArns.includes(desired.targetGroupArn)) -
        Number(a.targetGroupArns.includes(desired.targetGroupArn)) ||
      b.createdTime - a.createdTime ||
      a.name.localeCompare(b.name),
  );
  const best = ranked[0];
  if (!best) {
    return undefined;
  }
  const why =
    healthy(best) > 0
      ? `${healthy(best)} of its instances are healthy in target group ${desired.targetGroupName}`
      : best.targetGroupArns.includes(desired.targetGroupArn)
        ? `it is attached to target group ${desired.targetGroupName}`
        : 'it is the newest group of the fleet';
  const context = current
    ? `the deployment group names ${current}, which does not exist`
    : 'there is no deployment group';
  return { group: best, reason: `${context}; ${why}` };
}

/** Instances of `group` healthy in the fleet's target group. */
export function healthyCount(group: ObservedGroup, observed: ObservedState): number {
  return group.instanceIds.filter((id) => observed.healthyInstanceIds.includes(id)).length;
}

/**
 * Whether `groupName` is the fleet's first group, which has never run the app: every blue/green
 * deployment replaces the group it deploys to, so the app only ever runs on CodeDeploy's copies.
 */
export function isFirstGroup(desired: DesiredState, groupName: string): boolean {
  return groupName === desired.autoScalingGroupName;
}

/** Plans Create, Update and every later run (events, schedule): they converge to the same state. */
export function planReconcile(
  desired: DesiredState,
  observed: ObservedState,
  context: ReconcileContext = {},
): Plan {
  if (observed.activeDeployments.length > 0) {
    return planDuringDeployment(desired, observed);
  }
  const notes: string[] = [];
  const selected = selectLiveGroup(desired, observed);
  const live = selected?.group;
  const liveName = live?.name ?? desired.autoScalingGroupName;
  if (selected && observed.groups.length > 1) {
    notes.push(`live group ${liveName}: ${selected.reason}`);
  }
  const actions: Action[] = [];

  if (live) {
    actions.push(...planGroupUpdate(desired, live, context));
  } else {
    // The first group runs no app yet: EC2 health checks and no target group, so that nothing
    // replaces its instances in a loop and no unhealthy target sets off a rollback alarm.
    actions.push({
      type: 'createGroup',
      groupName: liveName,
      settings: {
        minSize: desired.minSize,
        maxSize: desired.maxSize,
        desiredCapacity: desired.desiredCapacity,
        launchTemplate: { id: desired.launchTemplateId, version: desired.launchTemplateVersion },
        healthCheckType: healthCheckTypeFor(desired, liveName),
        healthCheckGracePeriod: desired.healthCheckGracePeriodSeconds,
        subnetIds: [...desired.subnetIds].sort(),
      },
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
  const liveHealthy = live ? healthyCount(live, observed) : 0;
  for (const group of observed.groups) {
    if (group.name === liveName || group.status === DELETING_STATUS) {
      continue;
    }
    const healthy = healthyCount(group, observed);
    if (healthy > 0 && liveHealthy === 0) {
      notes.push(
        `kept group ${group.name}: ${healthy} of its instances are healthy in target group ${desired.targetGroupName} ` +
          `and the live group ${liveName} has none`,
      );
      continue;
    }
    notes.push(
      `deleting group ${group.name}: not the live group ${liveName}${healthy > 0 ? '' : ', no healthy target'}`,
    );
    actions.push(...planGroupRemoval(group));
  }
  return { kind: 'apply', phase: PlanPhase.FULL, liveGroupName: liveName, actions, notes };
}

/**
 * During a deployment nothing changes but this: once traffic is on the green copy, the copy gets
 * the policies, the alarms (rewritten to its name and policies) and the tags. The original group
 * is left to CodeDeploy, the deployment group too (CodeDeploy switches it at the end), and so are
 * the health check and target group of the copy (attaching a target group during a deployment
 * can deregister its instances: CodeDeploy user guide, "Create a deployment group for an EC2/On-
 * Premises blue/green deployment").
 */
function planDuringDeployment(desired: DesiredState, observed: ObservedState): Plan {
  const ids = observed.activeDeployments.map((d) => d.id);
  const moved = observed.activeDeployments.find((d) => d.trafficMoved);
  const green = moved
    ? observed.groups.find(
        (g) => g.name === `${desired.copyGroupPrefix}${moved.id}` && g.status !== DELETING_STATUS,
      )
    : undefined;
  if (!moved || !green) {
    return {
      kind: 'apply',
      phase: PlanPhase.DEPLOYMENT_BEFORE_TRAFFIC,
      liveGroupName: selectLiveGroup(desired, observed)?.group.name,
      actions: [],
      notes: [
        `deployment ${ids.join(', ')} in progress, traffic not moved yet: nothing changes until it moves or ends`,
      ],
    };
  }
  const actions: Action[] = [];
  const tags = handoverTags(desired, observed, green).filter((t) => green.tags[t.key] !== t.value);
  if (tags.length > 0) {
    actions.push({ type: 'tagGroup', groupName: green.name, tags });
  }
  actions.push(...planPoliciesAndAlarms(desired, observed, green, green.name, { keepOtherPolicies: true }));
  return {
    kind: 'apply',
    phase: PlanPhase.DEPLOYMENT_TRAFFIC_MOVED,
    liveGroupName: green.name,
    actions,
    notes: [
      `deployment ${moved.id} moved traffic to ${green.name}: scaling handed over to it; ` +
        'the rest of the desired state is applied when the deployment ends',
    ],
  };
}

/**
 * The tags of a green copy during its deployment. The desired-count tag is carried over from the
 * original group (the count last applied), not set to the configured one: that count is applied
 * when the deployment ends, and the tag is how that run sees the configured value changed.
 */
function handoverTags(desired: DesiredState, observed: ObservedState, green: ObservedGroup): GroupTag[] {
  const original = observed.groups.find((g) => g.name === observed.deploymentGroup?.autoScalingGroups[0]);
  const applied = original?.tags[DESIRED_CONFIG_TAG_KEY];
  return desiredTags(desired).flatMap((t) => {
    if (t.key !== DESIRED_CONFIG_TAG_KEY) return [t];
    return applied !== undefined && green.tags[t.key] === undefined ? [{ ...t, value: applied }] : [];
  });
}

/** Plans Delete: the deployment group, every group of the fleet with its policies, every alarm. */
export function planDelete(observed: ObservedState): Plan {
  if (observed.activeDeployments.length > 0) {
    return { kind: 'wait', deploymentIds: observed.activeDeployments.map((d) => d.id) };
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
  return { kind: 'apply', actions, notes: [] };
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
  const healthCheckType = healthCheckTypeFor(desired, live.name);
  if (live.healthCheckType !== healthCheckType) settings.healthCheckType = healthCheckType;
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
  const attached = live.targetGroupArns.includes(desired.targetGroupArn);
  if (isFirstGroup(desired, live.name)) {
    if (attached) {
      actions.push({
        type: 'detachTargetGroup',
        groupName: live.name,
        targetGroupArn: desired.targetGroupArn,
      });
    }
  } else if (!attached) {
    actions.push({ type: 'attachTargetGroup', groupName: live.name, targetGroupArn: desired.targetGroupArn });
  }
  return actions;
}

/** ELB health checks once the app runs on the group; EC2 on the first group, which has no app. */
function healthCheckTypeFor(desired: DesiredState, groupName: string): string {
  return isFirstGroup(desired, groupName) ? 'EC2' : 'ELB';
}

function planPoliciesAndAlarms(
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

/**
 * Removes a group with ForceDelete. Its scaling policies go with it: deleting a group "deletes the
 * policies, the underlying alarm actions, and any alarm that no longer has an associated action"
 * (Auto Scaling API reference, DeleteAutoScalingGroup). Deleting them one by one first would also
 * be wrong where two groups hold policies of the same name (the original and its copy).
 */
function planGroupRemoval(group: ObservedGroup): Action[] {
  return [{ type: 'deleteGroup', groupName: group.name }];
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
