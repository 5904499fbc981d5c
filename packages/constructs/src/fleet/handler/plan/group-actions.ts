/** The actions on one Auto Scaling group: create the first one, bring the live one in line, remove one. */
import { Action, GroupSettings, ReconcileContext } from './actions';
import { desiredCountChange, desiredTags } from './desired-settings';
import { healthCheckTypeFor, isFirstGroup } from './live-group';
import { ObservedGroup } from './observed-state';
import { sameJson } from './same-json';
import { DesiredState } from '../desired-state';

/**
 * Creates the first group. It runs no app yet: EC2 health checks and no target group, so that
 * nothing replaces its instances in a loop and no unhealthy target sets off a rollback alarm.
 */
export function planFirstGroup(desired: DesiredState, groupName: string): Action {
  return {
    type: 'createGroup',
    groupName,
    settings: {
      minSize: desired.minSize,
      maxSize: desired.maxSize,
      desiredCapacity: desired.desiredCapacity,
      launchTemplate: { id: desired.launchTemplateId, version: desired.launchTemplateVersion },
      healthCheckType: healthCheckTypeFor(desired, groupName),
      healthCheckGracePeriod: desired.healthCheckGracePeriodSeconds,
      subnetIds: [...desired.subnetIds].sort(),
    },
    tags: desiredTags(desired),
  };
}

/** Bounds, desired count, launch template, health check, subnets, tags and target group of the live group. */
export function planGroupUpdate(
  desired: DesiredState,
  live: ObservedGroup,
  context: ReconcileContext,
): Action[] {
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

/**
 * Removes a group with ForceDelete. Its scaling policies go with it: deleting a group "deletes the
 * policies, the underlying alarm actions, and any alarm that no longer has an associated action"
 * (Auto Scaling API reference, DeleteAutoScalingGroup). Deleting them one by one first would also
 * be wrong where two groups hold policies of the same name (the original and its copy).
 */
export function planGroupRemoval(group: ObservedGroup): Action[] {
  return [{ type: 'deleteGroup', groupName: group.name }];
}
