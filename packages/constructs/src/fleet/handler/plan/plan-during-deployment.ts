/** Plans a reconcile while a deployment runs: at most, hand scaling over to the green copy. */
import { Action, GroupTag, Plan, PlanPhase } from './actions';
import { desiredTags } from './desired-settings';
import { selectLiveGroup } from './live-group';
import { DELETING_STATUS, ObservedGroup, ObservedState } from './observed-state';
import { planPoliciesAndAlarms } from './policies-and-alarms';
import { DesiredState } from '../desired-state';

/**
 * During a deployment nothing changes but this: once traffic is on the green copy, the copy gets
 * the policies, the alarms (rewritten to its name and policies) and the tags. The original group
 * is left to CodeDeploy, the deployment group too (CodeDeploy switches it at the end), and so are
 * the health check and target group of the copy (attaching a target group during a deployment
 * can deregister its instances: CodeDeploy user guide, "Create a deployment group for an EC2/On-
 * Premises blue/green deployment").
 */
export function planDuringDeployment(desired: DesiredState, observed: ObservedState): Plan {
  const ids = observed.activeDeployments.map((d) => d.id);
  const moved = observed.activeDeployments.find((d) => d.trafficMoved);
  const green = moved
    ? observed.groups.find(
        (g) => g.name === `${desired.copyGroupPrefix}${moved.id}` && g.status !== DELETING_STATUS,
      )
    : undefined;
  if (!moved || !green) {
    return {
      kind: 'apply',
      phase: PlanPhase.DEPLOYMENT_BEFORE_TRAFFIC,
      liveGroupName: selectLiveGroup(desired, observed)?.group.name,
      actions: [],
      notes: [
        `deployment ${ids.join(', ')} in progress, traffic not moved yet: nothing changes until it moves or ends`,
      ],
    };
  }
  const actions: Action[] = [];
  const tags = handoverTags(desired, observed, green).filter((t) => green.tags[t.key] !== t.value);
  if (tags.length > 0) {
    actions.push({ type: 'tagGroup', groupName: green.name, tags });
  }
  actions.push(...planPoliciesAndAlarms(desired, observed, green, green.name, { keepOtherPolicies: true }));
  return {
    kind: 'apply',
    phase: PlanPhase.DEPLOYMENT_TRAFFIC_MOVED,
    liveGroupName: green.name,
    actions,
    notes: [
      `deployment ${moved.id} moved traffic to ${green.name}: scaling handed over to it; ` +
        'the rest of the desired state is applied when the deployment ends',
    ],
  };
}

/**
 * The tags of a green copy during its deployment. The desired-count tag is carried over from the
 * original group (the count last applied), not set to the configured one: that count is applied
 * when the deployment ends, and the tag is how that run sees the configured value changed.
 */
function handoverTags(desired: DesiredState, observed: ObservedState, green: ObservedGroup): GroupTag[] {
  const key = desired.tagKeys.desiredConfig;
  const original = observed.groups.find((g) => g.name === observed.deploymentGroup?.autoScalingGroups[0]);
  const applied = original?.tags[key];
  return desiredTags(desired).flatMap((t) => {
    if (t.key !== key) return [t];
    return applied !== undefined && green.tags[t.key] === undefined ? [{ ...t, value: applied }] : [];
  });
}
