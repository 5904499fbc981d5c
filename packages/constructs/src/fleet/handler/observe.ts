/** Reads every resource the fleet owns, in the shape the planner compares. */
import { readGroups, readPolicies } from './aws/auto-scaling';
import { FleetClients } from './aws/clients';
import { readAlarms } from './aws/cloudwatch';
import { readActiveDeployments, readDeploymentGroup } from './aws/codedeploy';
import { readHealthyTargets } from './aws/elbv2';
import { DesiredState } from './desired-state';
import { ObservedState } from './plan';

/** The deployment group, the fleet's groups with their policies, its alarms, running deployments, healthy targets. */
export async function observe(clients: FleetClients, desired: DesiredState): Promise<ObservedState> {
  const deploymentGroup = await readDeploymentGroup(clients, desired.deploymentGroup);
  const groups = await readGroups(clients, desired);
  for (let i = 0; i < groups.length; i++) {
    groups[i] = { ...groups[i], policies: await readPolicies(clients, groups[i].name) };
  }
  const alarms = await readAlarms(clients, desired);
  const activeDeployments = deploymentGroup
    ? await readActiveDeployments(clients, desired.deploymentGroup)
    : [];
  const healthyInstanceIds = await readHealthyTargets(clients, desired);
  return { groups, alarms, deploymentGroup, activeDeployments, healthyInstanceIds };
}
