/** Which group of the fleet serves, and what sets the first group apart from the copies. */
import { DELETING_STATUS, ObservedGroup, ObservedState } from './observed-state';
import { DesiredState } from '../desired-state';

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

/** ELB health checks once the app runs on the group; EC2 on the first group, which has no app. */
export function healthCheckTypeFor(desired: DesiredState, groupName: string): string {
  return isFirstGroup(desired, groupName) ? 'EC2' : 'ELB';
}
