/**
 * Plans a reconcile: observed state + desired state -> the actions that bring AWS to the desired
 * state. Pure (no AWS calls), so every branch is unit-tested (test/fleet/plan.test.ts).
 *
 * Three situations, told apart by what AWS reports (docs/fleet.md has the timeline):
 * - no deployment is running: the full reconcile (group, policies, alarms, deployment group,
 *   removal of stray groups);
 * - a deployment is running and has not moved traffic yet: nothing changes (the original group
 *   keeps its policies and alarms and serves);
 * - a deployment has moved traffic to its green copy (its blue termination wait has started):
 *   the copy gets the policies, the alarms and the tags, so it scales during the wait; nothing
 *   else changes until the deployment ends (`plan-during-deployment.ts`).
 */
import { Action, Plan, PlanPhase, ReconcileContext } from './actions';
import { deploymentGroupConfig } from './desired-settings';
import { planFirstGroup, planGroupRemoval, planGroupUpdate } from './group-actions';
import { healthyCount, selectLiveGroup } from './live-group';
import { DELETING_STATUS, ObservedState } from './observed-state';
import { planDuringDeployment } from './plan-during-deployment';
import { planPoliciesAndAlarms } from './policies-and-alarms';
import { sameJson } from './same-json';
import { DesiredState } from '../desired-state';

/** Plans Create, Update and every later run (events, schedule): they converge to the same state. */
export function planReconcile(
  desired: DesiredState,
  observed: ObservedState,
  context: ReconcileContext = {},
): Plan {
  if (observed.activeDeployments.length > 0) {
    return planDuringDeployment(desired, observed);
  }
  const notes: string[] = [];
  const selected = selectLiveGroup(desired, observed);
  const live = selected?.group;
  const liveName = live?.name ?? desired.autoScalingGroupName;
  if (selected && observed.groups.length > 1) {
    notes.push(`live group ${liveName}: ${selected.reason}`);
  }
  const actions: Action[] = live
    ? planGroupUpdate(desired, live, context)
    : [planFirstGroup(desired, liveName)];

  actions.push(...planPoliciesAndAlarms(desired, observed, live, liveName));

  const config = deploymentGroupConfig(desired, liveName);
  if (!observed.deploymentGroup) {
    actions.push({ type: 'createDeploymentGroup', config });
  } else if (!sameJson(observed.deploymentGroup, config)) {
    actions.push({ type: 'updateDeploymentGroup', config });
  }

  // Copies left by failed or stopped deployments, and originals CodeDeploy did not remove. Only
  // after the deployment group points at the live group, and never during a deployment.
  const liveHealthy = live ? healthyCount(live, observed) : 0;
  for (const group of observed.groups) {
    if (group.name === liveName || group.status === DELETING_STATUS) {
      continue;
    }
    const healthy = healthyCount(group, observed);
    if (healthy > 0 && liveHealthy === 0) {
      notes.push(
        `kept group ${group.name}: ${healthy} of its instances are healthy in target group ${desired.targetGroupName} ` +
          `and the live group ${liveName} has none`,
      );
      continue;
    }
    notes.push(
      `deleting group ${group.name}: not the live group ${liveName}${healthy > 0 ? '' : ', no healthy target'}`,
    );
    actions.push(...planGroupRemoval(group));
  }
  return { kind: 'apply', phase: PlanPhase.FULL, liveGroupName: liveName, actions, notes };
}
