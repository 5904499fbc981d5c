/** What the fleet wants on a group and on the deployment group, derived from the desired state. */
import { GroupTag, ReconcileContext } from './actions';
import { DeploymentGroupConfig, ObservedGroup } from './observed-state';
import { DesiredState } from '../desired-state';

/** Tags every group of the fleet carries. */
export function desiredTags(desired: DesiredState): GroupTag[] {
  return [
    { key: desired.tagKeys.fleet, value: desired.fleetId, propagateAtLaunch: true },
    { key: desired.tagKeys.desiredConfig, value: String(desired.desiredCapacity), propagateAtLaunch: false },
    ...desired.tags.map((t) => ({ key: t.key, value: t.value, propagateAtLaunch: true })),
  ];
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
  const tagged = group.tags[desired.tagKeys.desiredConfig];
  const configChanged =
    (context.previousDesiredCapacity !== undefined &&
      context.previousDesiredCapacity !== desired.desiredCapacity) ||
    (tagged !== undefined && Number(tagged) !== desired.desiredCapacity);
  const target = configChanged
    ? desired.desiredCapacity
    : Math.min(desired.maxSize, Math.max(desired.minSize, group.desiredCapacity));
  return target === group.desiredCapacity ? undefined : target;
}

/**
 * The deployment group as the fleet wants it, serving `groupName`. The app's operations tests build
 * their deployment groups with it too, so that they follow any change of these settings.
 */
export function deploymentGroupConfig(
  desired: Pick<DesiredState, 'deploymentGroup' | 'targetGroupName'>,
  groupName: string,
): DeploymentGroupConfig {
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
