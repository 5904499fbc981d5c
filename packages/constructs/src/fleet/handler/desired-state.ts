/**
 * The fleet's desired state: the one JSON shape the construct writes into the custom resource's
 * properties and the handler reconciles towards (parsed by `parse-desired-state.ts`).
 *
 * Everything project-specific arrives here (names, tag keys): the handler holds no name of its own.
 */

/** Environment variable of the handler holding the name of the fleet's state parameter. */
export const STATE_PARAMETER_ENV = 'FLEET_STATE_PARAMETER';

/**
 * Environment variable of the handler with the fleet's tag keys (JSON `FleetTagKeys`): what a
 * desired state written by a release before tag keys travelled in it is read with.
 */
export const TAG_KEYS_ENV = 'FLEET_TAG_KEYS';

/** Keys of the tags the fleet writes on its groups, built from the project (`<project>:fleet`). */
export interface FleetTagKeys {
  /** Marks every Auto Scaling group the fleet owns; its value is the fleet id. */
  readonly fleet: string;
  /**
   * Holds the desired capacity the fleet last applied from the configuration. A group's desired
   * count that differs from it was changed by scaling and is kept, unless the configuration's
   * value changes.
   */
  readonly desiredConfig: string;
}

/** One CPU Simple Scaling policy and the alarm that triggers it. */
export interface PolicySpec {
  /** Scaling policy name, e.g. `scale-up-70percent`. */
  readonly policyName: string;
  /** ChangeInCapacity adjustment: +1 or -1. */
  readonly scalingAdjustment: number;
  /** Seconds before another scaling activity. */
  readonly cooldownSeconds: number;
  /** CloudWatch alarm name. */
  readonly alarmName: string;
  /** Alarm statistic on CPUUtilization (`Average`). */
  readonly statistic: string;
  /** CPU percent. */
  readonly threshold: number;
  /** `GreaterThanThreshold` or `LessThanThreshold`. */
  readonly comparisonOperator: string;
  /** Seconds per alarm period. */
  readonly periodSeconds: number;
  /** Periods that must breach. */
  readonly evaluationPeriods: number;
}

/** The CodeDeploy deployment group the fleet creates through the API. */
export interface DeploymentGroupSpec {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly serviceRoleArn: string;
  /** Minutes CodeDeploy waits before terminating the original (blue) instances. */
  readonly terminationWaitMinutes: number;
  /** Alarms that stop a deployment and roll it back. */
  readonly rollbackAlarmNames: string[];
}

/** Everything the fleet reconciles towards. */
export interface DesiredState {
  /** Value of the fleet tag on every group the fleet owns. */
  readonly fleetId: string;
  /** Keys of the fleet's own tags. */
  readonly tagKeys: FleetTagKeys;
  /** Name of the first group the fleet creates. */
  readonly autoScalingGroupName: string;
  /** Prefix of the groups CodeDeploy creates: `CodeDeploy_<deployment group>_`. */
  readonly copyGroupPrefix: string;
  /** Prefix of every alarm the fleet owns (stale ones are deleted). */
  readonly alarmNamePrefix: string;
  readonly launchTemplateId: string;
  readonly launchTemplateVersion: string;
  readonly subnetIds: string[];
  readonly targetGroupArn: string;
  readonly targetGroupName: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly healthCheckGracePeriodSeconds: number;
  /** Extra tags of the group, propagated to instances. */
  readonly tags: Array<{ key: string; value: string }>;
  readonly policies: PolicySpec[];
  readonly deploymentGroup: DeploymentGroupSpec;
}
