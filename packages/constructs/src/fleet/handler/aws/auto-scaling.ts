/** Auto Scaling: the fleet's groups and their scaling policies, read and changed. */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import {
  AttachLoadBalancerTargetGroupsCommand,
  AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DetachLoadBalancerTargetGroupsCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribePolicies,
  PutScalingPolicyCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { call, callIgnoring } from './aws-call';
import { FleetClients } from './clients';
import { PropagationOptions, whilePropagating } from './iam-propagation';
import { DesiredState } from '../desired-state';
import type { ActionOf, GroupTag, ObservedGroup, ObservedPolicy } from '../plan';

/** Every group the fleet owns, being deleted or not (Delete waits until this is empty). */
export async function readGroups(clients: FleetClients, desired: DesiredState): Promise<ObservedGroup[]> {
  const groups: ObservedGroup[] = [];
  await call('autoscaling:DescribeAutoScalingGroups', `the groups of fleet ${desired.fleetId}`, async () => {
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: clients.autoScaling },
      { MaxRecords: 100 },
    )) {
      for (const g of page.AutoScalingGroups ?? []) {
        if (ownedBy(g, desired)) {
          groups.push(toObservedGroup(g));
        }
      }
    }
  });
  return groups;
}

/** The scaling policies of one group. */
export async function readPolicies(clients: FleetClients, groupName: string): Promise<ObservedPolicy[]> {
  return call('autoscaling:DescribePolicies', `group ${groupName}`, async () => {
    const policies: ObservedPolicy[] = [];
    for await (const page of paginateDescribePolicies(
      { client: clients.autoScaling },
      { AutoScalingGroupName: groupName },
    )) {
      for (const p of page.ScalingPolicies ?? []) {
        policies.push({
          policyName: p.PolicyName!,
          policyArn: p.PolicyARN,
          policyType: p.PolicyType,
          adjustmentType: p.AdjustmentType,
          scalingAdjustment: p.ScalingAdjustment,
          cooldown: p.Cooldown,
        });
      }
    }
    return policies;
  });
}

/** Creates a group, retrying while IAM propagates a role it names. */
export async function createGroup(
  clients: FleetClients,
  action: ActionOf<'createGroup'>,
  options: PropagationOptions,
): Promise<void> {
  const s = action.settings;
  await whilePropagating(options, `autoscaling:CreateAutoScalingGroup on group ${action.groupName}`, () =>
    call('autoscaling:CreateAutoScalingGroup', `group ${action.groupName}`, () =>
      clients.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: action.groupName,
          MinSize: s.minSize,
          MaxSize: s.maxSize,
          DesiredCapacity: s.desiredCapacity,
          LaunchTemplate: { LaunchTemplateId: s.launchTemplate.id, Version: s.launchTemplate.version },
          VPCZoneIdentifier: s.subnetIds.join(','),
          HealthCheckType: s.healthCheckType,
          HealthCheckGracePeriod: s.healthCheckGracePeriod,
          Tags: toAsgTags(action.groupName, action.tags),
        }),
      ),
    ),
  );
}

/** Changes the settings the action lists, and only those. */
export async function updateGroup(clients: FleetClients, action: ActionOf<'updateGroup'>): Promise<void> {
  const s = action.settings;
  await call('autoscaling:UpdateAutoScalingGroup', `group ${action.groupName}`, () =>
    clients.autoScaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: action.groupName,
        MinSize: s.minSize,
        MaxSize: s.maxSize,
        DesiredCapacity: s.desiredCapacity,
        LaunchTemplate: s.launchTemplate
          ? { LaunchTemplateId: s.launchTemplate.id, Version: s.launchTemplate.version }
          : undefined,
        HealthCheckType: s.healthCheckType,
        HealthCheckGracePeriod: s.healthCheckGracePeriod,
        VPCZoneIdentifier: s.subnetIds?.join(','),
      }),
    ),
  );
}

export async function tagGroup(clients: FleetClients, action: ActionOf<'tagGroup'>): Promise<void> {
  await call('autoscaling:CreateOrUpdateTags', `group ${action.groupName}`, () =>
    clients.autoScaling.send(
      new CreateOrUpdateTagsCommand({ Tags: toAsgTags(action.groupName, action.tags) }),
    ),
  );
}

export async function attachTargetGroup(
  clients: FleetClients,
  action: ActionOf<'attachTargetGroup'>,
): Promise<void> {
  await call('autoscaling:AttachLoadBalancerTargetGroups', `group ${action.groupName}`, () =>
    clients.autoScaling.send(
      new AttachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: action.groupName,
        TargetGroupARNs: [action.targetGroupArn],
      }),
    ),
  );
}

export async function detachTargetGroup(
  clients: FleetClients,
  action: ActionOf<'detachTargetGroup'>,
): Promise<void> {
  await call('autoscaling:DetachLoadBalancerTargetGroups', `group ${action.groupName}`, () =>
    clients.autoScaling.send(
      new DetachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: action.groupName,
        TargetGroupARNs: [action.targetGroupArn],
      }),
    ),
  );
}

/** Puts a Simple Scaling policy (ChangeInCapacity) on the group. */
export async function putPolicy(clients: FleetClients, action: ActionOf<'putPolicy'>): Promise<void> {
  await call(
    'autoscaling:PutScalingPolicy',
    `policy ${action.policy.policyName} of group ${action.groupName}`,
    () =>
      clients.autoScaling.send(
        new PutScalingPolicyCommand({
          AutoScalingGroupName: action.groupName,
          PolicyName: action.policy.policyName,
          PolicyType: 'SimpleScaling',
          AdjustmentType: 'ChangeInCapacity',
          ScalingAdjustment: action.policy.scalingAdjustment,
          Cooldown: action.policy.cooldownSeconds,
        }),
      ),
  );
}

/** Deletes a policy; one already gone is fine. */
export async function deletePolicy(clients: FleetClients, action: ActionOf<'deletePolicy'>): Promise<void> {
  await callIgnoring(
    'autoscaling:DeletePolicy',
    `policy ${action.policyName} of group ${action.groupName}`,
    () =>
      clients.autoScaling.send(
        new DeletePolicyCommand({ AutoScalingGroupName: action.groupName, PolicyName: action.policyName }),
      ),
    { notFound: /not found|does not exist/i },
  );
}

/** Deletes a group with its instances (ForceDelete); one already gone is fine. */
export async function deleteGroup(clients: FleetClients, action: ActionOf<'deleteGroup'>): Promise<void> {
  await callIgnoring(
    'autoscaling:DeleteAutoScalingGroup',
    `group ${action.groupName}`,
    () =>
      clients.autoScaling.send(
        new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: action.groupName, ForceDelete: true }),
      ),
    { notFound: /not found|does not exist/i },
  );
}

/** Whether a group belongs to the fleet: its tag, CodeDeploy's copy name, or the first group's name. */
function ownedBy(g: AutoScalingGroup, desired: DesiredState): boolean {
  const name = g.AutoScalingGroupName ?? '';
  const tagged = (g.Tags ?? []).some((t) => t.Key === desired.tagKeys.fleet && t.Value === desired.fleetId);
  return tagged || name.startsWith(desired.copyGroupPrefix) || name === desired.autoScalingGroupName;
}

function toObservedGroup(g: AutoScalingGroup): ObservedGroup {
  const tags: Record<string, string> = {};
  for (const t of g.Tags ?? []) {
    tags[t.Key!] = t.Value ?? '';
  }
  return {
    name: g.AutoScalingGroupName!,
    createdTime: g.CreatedTime ? new Date(g.CreatedTime).getTime() : 0,
    status: g.Status,
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    launchTemplateId: g.LaunchTemplate?.LaunchTemplateId,
    launchTemplateVersion: g.LaunchTemplate?.Version,
    healthCheckType: g.HealthCheckType,
    healthCheckGracePeriod: g.HealthCheckGracePeriod,
    subnetIds: (g.VPCZoneIdentifier ?? '').split(',').filter((s) => s.length > 0),
    targetGroupArns: g.TargetGroupARNs ?? [],
    tags,
    policies: [],
    instanceIds: (g.Instances ?? []).map((i) => i.InstanceId!),
  };
}

function toAsgTags(groupName: string, tags: GroupTag[]) {
  return tags.map((t) => ({
    ResourceId: groupName,
    ResourceType: 'auto-scaling-group',
    Key: t.key,
    Value: t.value,
    PropagateAtLaunch: t.propagateAtLaunch,
  }));
}
