/** What CodeDeploy does to the deployment group's target groups, on moto's ELBv2. */
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/** The ARNs of the target groups named in the deployment group's loadBalancerInfo.targetGroupInfoList. */
export async function targetGroupArns(
  elbv2: ElasticLoadBalancingV2Client,
  names: string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const out = await elbv2.send(new DescribeTargetGroupsCommand({ Names: names }));
  return (out.TargetGroups ?? []).map((t) => t.TargetGroupArn!);
}

export async function register(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) }));
}

/**
 * Deregisters those of `ids` that are registered; returns them. moto throws InvalidTargetException on
 * a target that is not registered, while AWS "returns successfully"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeregisterTargets.html).
 */
export async function deregister(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
  ids: string[],
): Promise<string[]> {
  const current = await registered(elbv2, arn);
  const targets = ids.filter((id) => current.has(id));
  if (targets.length > 0) {
    await elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: targets.map((Id) => ({ Id })) }),
    );
  }
  return targets;
}

/** The targets the target group lists as registered (moto lists only those). */
async function registered(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<Set<string>> {
  const out = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  return new Set((out.TargetHealthDescriptions ?? []).map((d) => d.Target!.Id!));
}
