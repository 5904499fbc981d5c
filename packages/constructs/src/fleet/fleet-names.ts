import { Naming } from '../config/naming';
import { FleetTagKeys } from './handler/desired-state';
import { ResourceNames } from '../config/resource-names';

/** Every name one fleet uses, taken from `Naming` once and shared by the construct's parts. */
export interface FleetNames {
  /** Value of the fleet tag on each of its groups. */
  readonly fleetId: string;
  /** Keys of the fleet's own tags (`<project>:fleet`, `<project>:desired-config`). */
  readonly tagKeys: FleetTagKeys;
  /** The first group the fleet creates. */
  readonly autoScalingGroupName: string;
  /** Prefix of the groups CodeDeploy creates: `CodeDeploy_<deployment group>_`. */
  readonly copyGroupPrefix: string;
  /** Prefix of every CPU alarm of the fleet. */
  readonly alarmNamePrefix: string;
  readonly deploymentGroupName: string;
  /** SSM parameter holding the desired state. */
  readonly stateParameterName: string;
  /**
   * CloudFormation type of the fleet's custom resource: `Custom::<projectTitle>Fleet`. A deployed
   * stack keeps its type: CloudFormation refuses an update that changes a resource's type ("Update
   * of resource type is not permitted", e.g. panther-labs/panther#1895), so a project keeps its
   * projectTitle once it has stacks (ComptaStar's app sets "ComptaStar": `Custom::ComptaStarFleet`).
   */
  readonly resourceType: string;
}

/** The names of the fleet of `appName`. */
export function fleetNames(naming: Naming, appName: string): FleetNames {
  const names = ResourceNames.of(naming);
  return {
    fleetId: names.fleetId(appName),
    tagKeys: { fleet: naming.tagKey('fleet'), desiredConfig: naming.tagKey('desired-config') },
    autoScalingGroupName: names.autoScalingGroupName(appName),
    copyGroupPrefix: names.codeDeployCopyGroupPrefix(appName),
    alarmNamePrefix: names.scalingAlarmNamePrefix(appName),
    deploymentGroupName: names.deploymentGroupName(appName),
    stateParameterName: names.fleetStateParameterName(appName),
    resourceType: `Custom::${naming.projectTitle}Fleet`,
  };
}
