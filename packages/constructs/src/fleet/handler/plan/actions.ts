/** What a plan is made of: the actions the handler executes, in order, and why. */
import { DeploymentGroupConfig } from './observed-state';
import { PolicySpec } from '../desired-state';

/** Settings of a group create or update. */
export interface GroupSettings {
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredCapacity?: number;
  readonly launchTemplate?: { id: string; version: string };
  readonly healthCheckType?: string;
  readonly healthCheckGracePeriod?: number;
  readonly subnetIds?: string[];
}

/** A tag of an Auto Scaling group, and whether instances launched by the group carry it. */
export interface GroupTag {
  readonly key: string;
  readonly value: string;
  readonly propagateAtLaunch: boolean;
}

/** One step of a plan; `execute.ts` runs each with one AWS call (or a few). */
export type Action =
  | {
      type: 'createGroup';
      groupName: string;
      settings: Required<GroupSettings>;
      tags: GroupTag[];
    }
  | { type: 'updateGroup'; groupName: string; settings: GroupSettings }
  | { type: 'tagGroup'; groupName: string; tags: GroupTag[] }
  | { type: 'attachTargetGroup'; groupName: string; targetGroupArn: string }
  | { type: 'detachTargetGroup'; groupName: string; targetGroupArn: string }
  | { type: 'putPolicy'; groupName: string; policy: PolicySpec }
  | { type: 'deletePolicy'; groupName: string; policyName: string }
  | { type: 'putAlarm'; groupName: string; policy: PolicySpec }
  | { type: 'deleteAlarms'; alarmNames: string[] }
  | { type: 'createDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'updateDeploymentGroup'; config: DeploymentGroupConfig }
  | { type: 'deleteDeploymentGroup' }
  | { type: 'deleteGroup'; groupName: string };

/** The action of one type, e.g. `ActionOf<'putAlarm'>`. */
export type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;

/** What a reconcile plan was made for. */
export enum PlanPhase {
  /** No deployment runs: everything is brought to the desired state. */
  FULL = 'full',
  /** A deployment runs and traffic is still on the original group: nothing changes. */
  DEPLOYMENT_BEFORE_TRAFFIC = 'deployment-before-traffic',
  /** A deployment moved traffic to its green copy: scaling is handed over to the copy. */
  DEPLOYMENT_TRAFFIC_MOVED = 'deployment-traffic-moved',
}

/** A plan: either wait for deployments to end (Delete only), or apply actions. */
export type Plan =
  | { kind: 'wait'; deploymentIds: string[] }
  | {
      kind: 'apply';
      phase?: PlanPhase;
      liveGroupName?: string;
      actions: Action[];
      /** Why groups were kept or chosen, for the log. */
      notes: string[];
    };

/** Extra input of a reconcile plan. */
export interface ReconcileContext {
  /** The desired capacity of the previous properties (CloudFormation Update), if known. */
  readonly previousDesiredCapacity?: number;
}
