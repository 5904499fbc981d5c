/** Plans Delete: the deployment group, every group of the fleet with its policies, every alarm. */
import { Action, Plan } from './actions';
import { planGroupRemoval } from './group-actions';
import { DELETING_STATUS, ObservedState } from './observed-state';

/** Waits while deployments run (the caller stops them first); then removes everything the fleet owns. */
export function planDelete(observed: ObservedState): Plan {
  if (observed.activeDeployments.length > 0) {
    return { kind: 'wait', deploymentIds: observed.activeDeployments.map((d) => d.id) };
  }
  const actions: Action[] = [];
  if (observed.deploymentGroup) {
    actions.push({ type: 'deleteDeploymentGroup' });
  }
  if (observed.alarms.length > 0) {
    actions.push({ type: 'deleteAlarms', alarmNames: observed.alarms.map((a) => a.alarmName).sort() });
  }
  for (const group of observed.groups) {
    if (group.status !== DELETING_STATUS) {
      actions.push(...planGroupRemoval(group));
    }
  }
  return { kind: 'apply', actions, notes: [] };
}
