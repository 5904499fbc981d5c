/** What CodeDeploy does to Auto Scaling groups in a blue/green deployment, on moto's Auto Scaling. */
import {
  AutoScalingClient,
  AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  paginateDescribePolicies,
  PutScalingPolicyCommand,
  ScalingPolicy,
} from '@aws-sdk/client-auto-scaling';
import { removePolicyActions } from './cloudwatch';
import { deregister } from './elbv2';
import type { Host } from './types';

export async function describeGroup(
  asg: AutoScalingClient,
  name: string,
): Promise<AutoScalingGroup | undefined> {
  return (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
}

/** The group's InService instances (none if the group is gone). */
export async function instancesOf(asg: AutoScalingClient, name: string): Promise<string[]> {
  return ((await describeGroup(asg, name))?.Instances ?? [])
    .filter((i) => i.LifecycleState === 'InService')
    .map((i) => i.InstanceId!);
}

/**
 * The copy of the original group: launch template (id and version), MinSize, MaxSize, subnets, health
 * check type and grace period, and DesiredCapacity = the original's healthy InService instances: "The
 * number of currently healthy instances in the Amazon EC2 Auto Scaling group you select is created in
 * your replacement environment."
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-blue-green.html).
 * Tags, target groups and scaling policies per the `copy` option (inference). Returns the original's
 * policies put on the copy (moto then keys them by name: the copy's take the original's entries).
 */
export async function copyGroup(
  host: Host,
  original: AutoScalingGroup,
  copyName: string,
): Promise<ScalingPolicy[]> {
  const asg = host.autoScaling;
  const healthy = (original.Instances ?? []).filter(
    (i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy',
  ).length;
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: copyName,
      LaunchTemplate: {
        LaunchTemplateId: original.LaunchTemplate?.LaunchTemplateId,
        Version: original.LaunchTemplate?.Version,
      },
      MinSize: original.MinSize,
      MaxSize: original.MaxSize,
      DesiredCapacity: healthy,
      VPCZoneIdentifier: original.VPCZoneIdentifier,
      HealthCheckType: original.HealthCheckType,
      HealthCheckGracePeriod: original.HealthCheckGracePeriod,
      TargetGroupARNs: host.copy.targetGroups ? original.TargetGroupARNs : undefined,
      Tags: host.copy.tags
        ? (original.Tags ?? []).map((t) => ({
            Key: t.Key,
            Value: t.Value,
            PropagateAtLaunch: t.PropagateAtLaunch,
            ResourceId: copyName,
            ResourceType: 'auto-scaling-group',
          }))
        : undefined,
    }),
  );
  if (!host.copy.policies) return [];
  const policies = await policiesOf(asg, original.AutoScalingGroupName!);
  for (const p of policies) {
    await asg.send(
      new PutScalingPolicyCommand({
        AutoScalingGroupName: copyName,
        PolicyName: p.PolicyName,
        PolicyType: p.PolicyType,
        AdjustmentType: p.AdjustmentType,
        MinAdjustmentMagnitude: p.MinAdjustmentMagnitude,
        ScalingAdjustment: p.ScalingAdjustment,
        Cooldown: p.Cooldown,
        MetricAggregationType: p.MetricAggregationType,
        StepAdjustments: p.StepAdjustments?.length ? p.StepAdjustments : undefined,
        EstimatedInstanceWarmup: p.EstimatedInstanceWarmup,
        TargetTrackingConfiguration: p.TargetTrackingConfiguration,
        Enabled: p.Enabled,
      }),
    );
  }
  return policies;
}

/**
 * Deletes a group as DeleteAutoScalingGroup does on AWS: "If the group has scaling policies, deleting
 * the group deletes the policies, the underlying alarm actions, and any alarm that no longer has an
 * associated action." (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html)
 * - moto does none of it, so this does: policies deleted (also `earlierPolicies`, the original's policies
 * whose names the copy took in moto), their ARNs removed from every alarm's actions, alarms left with no
 * action deleted. The group's instances still registered in a target group (a scale-out during the
 * wait) are deregistered, since terminated instances stop receiving traffic (moto would keep them
 * "healthy"). Then DeleteAutoScalingGroup with ForceDelete ("deleted along with all instances").
 */
export async function deleteGroup(
  host: Host,
  name: string,
  earlierPolicies: ScalingPolicy[],
  targetGroupArns: string[],
): Promise<void> {
  const asg = host.autoScaling;
  const group = await describeGroup(asg, name);
  if (!group) return;
  const policies = new Map<string, ScalingPolicy>();
  for (const p of [...earlierPolicies, ...(await policiesOf(asg, name))]) policies.set(p.PolicyARN!, p);
  if (policies.size > 0) {
    await removePolicyActions(host.cloudWatch, new Set(policies.keys()));
    for (const p of policies.values()) {
      // moto keys policies by name: delete only an entry the group still owns, not the copy's.
      const owner = (
        await asg.send(new DescribePoliciesCommand({ PolicyNames: [p.PolicyName!] }))
      ).ScalingPolicies?.find((q) => q.AutoScalingGroupName === name);
      if (owner) {
        await asg.send(new DeletePolicyCommand({ AutoScalingGroupName: name, PolicyName: p.PolicyName }));
      }
    }
  }
  const instances = (group.Instances ?? []).map((i) => i.InstanceId!);
  for (const arn of new Set([...targetGroupArns, ...(group.TargetGroupARNs ?? [])])) {
    await deregister(host.elbv2, arn, instances);
  }
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
}

async function policiesOf(asg: AutoScalingClient, name: string): Promise<ScalingPolicy[]> {
  const policies: ScalingPolicy[] = [];
  for await (const page of paginateDescribePolicies({ client: asg }, { AutoScalingGroupName: name })) {
    policies.push(...(page.ScalingPolicies ?? []));
  }
  return policies;
}
