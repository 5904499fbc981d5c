/** What the handler reads from AWS before planning, in the shape the planner compares. */

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
