/** The simulator's options, events and deployment statuses; what a deployment needs of its simulator. */
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DeploymentGroupInfo, DeploymentInfo, RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SimulatedDeployment } from './simulated-deployment';

export interface CodeDeploySimulatorOptions {
  /** Auto Scaling (moto). */
  readonly autoScaling: AutoScalingClient;
  /** CloudWatch (moto): the deployment group's alarms, and the alarms of the deleted original. */
  readonly cloudWatch: CloudWatchClient;
  /** ELBv2 (moto): the deployment group's target group. */
  readonly elbv2: ElasticLoadBalancingV2Client;
  /**
   * What CodeDeploy's copy carries over from the original group (no AWS doc lists it).
   * AWS only says "CodeDeploy creates an Amazon EC2 Auto Scaling group by copying one you specify"
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-blue-green.html).
   * AWSCodeDeployRole grants CreateOrUpdateTags, AttachLoadBalancerTargetGroups and PutScalingPolicy
   * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRole.html), so each
   * may happen: inference, hence options.
   * - tags: the original's tags (with PropagateAtLaunch) are put on the copy;
   * - targetGroups: the copy is created attached to the original's TargetGroupARNs (an attached group
   *   registers its instances at launch: in moto at once, before moveTraffic; a deployment that ends
   *   before moveTraffic leaves them registered, as no traffic was rerouted);
   * - policies: the original's scaling policies are put on the copy under the same names (see the
   *   moto note in auto-scaling.ts). Alarms are never copied.
   * @default all false
   */
  readonly copy?: { readonly tags?: boolean; readonly targetGroups?: boolean; readonly policies?: boolean };
}

/**
 * A "CodeDeploy Deployment State-change Notification" as EventBridge delivers it (the fields the fleet
 * reads). CodeDeploy sends it "best effort"
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-codedeploy.html,
 * https://docs.aws.amazon.com/eventbridge/latest/ref/event-delivery-level.html): the test decides
 * whether to deliver each event, late, twice, out of order, or never.
 */
export type DeploymentEvent = {
  source: 'aws.codedeploy';
  'detail-type': 'CodeDeploy Deployment State-change Notification';
  time: string;
  detail: {
    application: string;
    deploymentGroup: string;
    deploymentId: string;
    state: 'START' | 'SUCCESS' | 'FAILURE' | 'STOP';
    region: string;
  };
};

export type SimulatedDeploymentStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped';

/** What startDeployment may say about a deployment beyond its group (all optional). */
export interface StartDeploymentOptions {
  /** The revision deployed, returned by GetDeployment (`deploymentInfo.revision`). */
  readonly revision?: RevisionLocation;
  /** `deploymentInfo.description`. */
  readonly description?: string;
  /** `deploymentInfo.creator`: "user" for a CreateDeployment call. @default - not reported */
  readonly creator?: DeploymentInfo['creator'];
}

/** What a SimulatedDeployment needs from its simulator (not part of the tests' API). */
export interface Host {
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly copy: { readonly tags: boolean; readonly targetGroups: boolean; readonly policies: boolean };
  requireGroup(applicationName: string, name: string): DeploymentGroupInfo;
  emit(deployment: SimulatedDeployment, state: DeploymentEvent['detail']['state']): void;
  region(): string;
}

/** The `$metadata` every SDK exception is built with. */
export const meta = { $metadata: {} };

/**
 * The launch hook CodeDeploy installs in a group of a deployment group: "When you create or update a
 * deployment group to include an Auto Scaling group, CodeDeploy ... installs a lifecycle hook"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html), named
 * "CodeDeploy-managed-automatic-launch-deployment-hook-DEPLOYMENT_GROUP_NAME"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-auto-scaling.html).
 * Only the name is reported in GetDeploymentGroup; nothing is installed in moto.
 */
export function launchHookName(deploymentGroupName: string): string {
  return `CodeDeploy-managed-automatic-launch-deployment-hook-${deploymentGroupName}`;
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
