import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { FleetProps } from './fleet';
import { FleetNames } from './fleet-names';
import { ResolvedServiceConfig } from '../config/resolved-service-config';
import { DesiredState, PolicySpec } from './handler/desired-state';
import { ResourceNames, ScalingDirection } from '../config/resource-names';

/**
 * What the desired state is made of: the fleet's props (their own types and documentation, in
 * `FleetProps`) with the defaults applied, the app's resolved configuration and the fleet's names.
 */
export type DesiredStateInputs = Pick<
  FleetProps,
  'naming' | 'vpc' | 'vpcSubnets' | 'launchTemplate' | 'targetGroup' | 'application' | 'serviceRole'
> & {
  readonly names: FleetNames;
  readonly config: ResolvedServiceConfig;
  readonly rollbackAlarms: cloudwatch.IAlarm[];
  readonly healthCheckGracePeriod: Duration;
  readonly terminationWait: Duration;
};

/**
 * The desired state the custom resource carries to the handler: the handler's own type, so the
 * construct and the handler cannot disagree on its shape. Every name and tag key comes from the
 * project's `Naming`.
 */
export function renderDesiredState(i: DesiredStateInputs): DesiredState {
  const { naming, names, config } = i;
  const s = config.scaling;
  const app = config.appName;
  const template = i.launchTemplate;
  const version =
    template instanceof ec2.LaunchTemplate ? template.latestVersionNumber : template.versionNumber;
  const subnets = i.vpc.selectSubnets(i.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  const policy = (direction: ScalingDirection): PolicySpec => {
    const up = direction === ScalingDirection.UP;
    const threshold = up ? s.scaleUpCpuPercent : s.scaleDownCpuPercent;
    return {
      policyName: up ? config.scaleUpPolicyName : config.scaleDownPolicyName,
      scalingAdjustment: up ? 1 : -1,
      cooldownSeconds: s.cooldownSeconds,
      alarmName: ResourceNames.of(naming).scalingAlarmName(app, direction, threshold),
      statistic: 'Average',
      threshold,
      comparisonOperator: up ? 'GreaterThanThreshold' : 'LessThanThreshold',
      periodSeconds: up ? s.scaleUpPeriodSeconds : s.scaleDownPeriodSeconds,
      evaluationPeriods: up ? s.scaleUpEvaluationPeriods : s.scaleDownEvaluationPeriods,
    };
  };
  return {
    fleetId: names.fleetId,
    tagKeys: names.tagKeys,
    autoScalingGroupName: names.autoScalingGroupName,
    copyGroupPrefix: names.copyGroupPrefix,
    alarmNamePrefix: names.alarmNamePrefix,
    launchTemplateId: template.launchTemplateId!,
    launchTemplateVersion: version,
    subnetIds: subnets.subnetIds,
    targetGroupArn: i.targetGroup.targetGroupArn,
    targetGroupName: i.targetGroup.targetGroupName,
    minSize: s.minCapacity,
    maxSize: s.maxCapacity,
    desiredCapacity: s.desiredCapacity,
    healthCheckGracePeriodSeconds: i.healthCheckGracePeriod.toSeconds(),
    tags: [
      { key: 'Name', value: ResourceNames.of(naming).resourcePrefix(app) },
      { key: naming.tagKey('project'), value: naming.projectName },
      { key: naming.tagKey('environment'), value: naming.environment },
      { key: naming.tagKey('app'), value: app },
    ],
    policies: [policy(ScalingDirection.UP), policy(ScalingDirection.DOWN)],
    deploymentGroup: {
      applicationName: i.application.applicationName,
      deploymentGroupName: names.deploymentGroupName,
      serviceRoleArn: i.serviceRole.roleArn,
      terminationWaitMinutes: i.terminationWait.toMinutes(),
      rollbackAlarmNames: i.rollbackAlarms.map((a) => a.alarmName),
    },
  };
}
