/** Executes one planned action with the AWS call(s) of its service. Deletes of what is already gone succeed. */
import * as autoScaling from './aws/auto-scaling';
import { FleetClients } from './aws/clients';
import * as cloudWatch from './aws/cloudwatch';
import * as codeDeploy from './aws/codedeploy';
import { PropagationOptions } from './aws/iam-propagation';
import { DesiredState } from './desired-state';
import { Action } from './plan';

export async function execute(
  clients: FleetClients,
  desired: DesiredState,
  action: Action,
  options: PropagationOptions = {},
): Promise<void> {
  switch (action.type) {
    case 'createGroup':
      return autoScaling.createGroup(clients, action, options);
    case 'updateGroup':
      return autoScaling.updateGroup(clients, action);
    case 'tagGroup':
      return autoScaling.tagGroup(clients, action);
    case 'attachTargetGroup':
      return autoScaling.attachTargetGroup(clients, action);
    case 'detachTargetGroup':
      return autoScaling.detachTargetGroup(clients, action);
    case 'putPolicy':
      return autoScaling.putPolicy(clients, action);
    case 'deletePolicy':
      return autoScaling.deletePolicy(clients, action);
    case 'deleteGroup':
      return autoScaling.deleteGroup(clients, action);
    case 'putAlarm':
      return cloudWatch.putAlarm(clients, desired, action);
    case 'deleteAlarms':
      return cloudWatch.deleteAlarms(clients, action);
    case 'createDeploymentGroup':
      return codeDeploy.createDeploymentGroup(clients, desired.deploymentGroup, action.config, options);
    case 'updateDeploymentGroup':
      return codeDeploy.updateDeploymentGroup(clients, desired.deploymentGroup, action.config);
    case 'deleteDeploymentGroup':
      return codeDeploy.deleteDeploymentGroup(clients, desired.deploymentGroup);
  }
}
