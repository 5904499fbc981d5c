/** CodeDeploy: the fleet's blue/green deployment group and the deployments running on it. */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import {
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupInput,
  DeleteDeploymentGroupCommand,
  DeploymentGroupInfo,
  DeploymentStatus,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { AwsCallError, call, callIgnoring } from './aws-call';
import { FleetClients } from './clients';
import { PropagationOptions, whilePropagating } from './iam-propagation';
import { DeploymentGroupSpec } from '../desired-state';
import type { ActiveDeployment, DeploymentGroupConfig } from '../plan';

/** Deployment statuses before the end of a deployment. */
const ACTIVE_STATUSES: DeploymentStatus[] = [
  DeploymentStatus.CREATED,
  DeploymentStatus.QUEUED,
  DeploymentStatus.IN_PROGRESS,
  DeploymentStatus.READY,
  DeploymentStatus.BAKING,
];

/** `deployment group <application>/<name>`, as failures name it. */
export function deploymentGroupResource(spec: DeploymentGroupSpec): string {
  return `deployment group ${spec.applicationName}/${spec.deploymentGroupName}`;
}

/** The deployment group's settings the fleet manages, or undefined when it (or its application) does not exist. */
export async function readDeploymentGroup(
  clients: FleetClients,
  spec: DeploymentGroupSpec,
): Promise<DeploymentGroupConfig | undefined> {
  try {
    const out = await clients.codeDeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: spec.applicationName,
        deploymentGroupName: spec.deploymentGroupName,
      }),
    );
    return out.deploymentGroupInfo ? toDeploymentGroupConfig(out.deploymentGroupInfo) : undefined;
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'DeploymentGroupDoesNotExistException' || name === 'ApplicationDoesNotExistException') {
      return undefined;
    }
    throw new AwsCallError('codedeploy:GetDeploymentGroup', deploymentGroupResource(spec), err);
  }
}

/** Deployments of the group that have not ended, with whether each has moved traffic. */
export async function readActiveDeployments(
  clients: FleetClients,
  spec: DeploymentGroupSpec,
): Promise<ActiveDeployment[]> {
  const ids = await call('codedeploy:ListDeployments', deploymentGroupResource(spec), async () => {
    const out = await clients.codeDeploy.send(
      new ListDeploymentsCommand({
        applicationName: spec.applicationName,
        deploymentGroupName: spec.deploymentGroupName,
        includeOnlyStatuses: ACTIVE_STATUSES,
      }),
    );
    return out.deployments ?? [];
  });
  const active: ActiveDeployment[] = [];
  for (const id of ids) {
    const info = await call(
      'codedeploy:GetDeployment',
      `deployment ${id}`,
      async () =>
        (await clients.codeDeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo,
    );
    if (info?.status && !ACTIVE_STATUSES.includes(info.status)) {
      continue; // ended between the two calls
    }
    active.push({ id, trafficMoved: info?.instanceTerminationWaitTimeStarted === true });
  }
  return active;
}

/** Asks CodeDeploy to stop a deployment, without rollback (Delete: the fleet goes away). */
export async function stopDeployment(clients: FleetClients, deploymentId: string): Promise<void> {
  await callIgnoring(
    'codedeploy:StopDeployment',
    `deployment ${deploymentId}`,
    () => clients.codeDeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: false })),
    { names: ['DeploymentAlreadyCompletedException'] },
  );
}

/**
 * Creates the deployment group, retrying while IAM propagates its service role; one created by an
 * earlier attempt whose answer was lost is updated instead.
 */
export async function createDeploymentGroup(
  clients: FleetClients,
  spec: DeploymentGroupSpec,
  config: DeploymentGroupConfig,
  options: PropagationOptions,
): Promise<void> {
  const resource = deploymentGroupResource(spec);
  try {
    await whilePropagating(options, `codedeploy:CreateDeploymentGroup on ${resource}`, () =>
      clients.codeDeploy.send(new CreateDeploymentGroupCommand(createDeploymentGroupInput(spec, config))),
    );
  } catch (err) {
    if ((err as Error)?.name !== 'DeploymentGroupAlreadyExistsException') {
      throw new AwsCallError('codedeploy:CreateDeploymentGroup', resource, err);
    }
    await updateDeploymentGroup(clients, spec, config);
  }
}

/** The CreateDeploymentGroup request for the fleet's deployment group (also what the app's operations tests send). */
export function createDeploymentGroupInput(
  spec: DeploymentGroupSpec,
  config: DeploymentGroupConfig,
): CreateDeploymentGroupInput {
  return {
    applicationName: spec.applicationName,
    deploymentGroupName: spec.deploymentGroupName,
    ...toApiSettings(config),
  };
}

export async function updateDeploymentGroup(
  clients: FleetClients,
  spec: DeploymentGroupSpec,
  config: DeploymentGroupConfig,
): Promise<void> {
  await call('codedeploy:UpdateDeploymentGroup', deploymentGroupResource(spec), () =>
    clients.codeDeploy.send(
      new UpdateDeploymentGroupCommand({
        applicationName: spec.applicationName,
        currentDeploymentGroupName: spec.deploymentGroupName,
        ...toApiSettings(config),
      }),
    ),
  );
}

/** Deletes the deployment group; one (or an application) already gone is fine. */
export async function deleteDeploymentGroup(clients: FleetClients, spec: DeploymentGroupSpec): Promise<void> {
  await callIgnoring(
    'codedeploy:DeleteDeploymentGroup',
    deploymentGroupResource(spec),
    () =>
      clients.codeDeploy.send(
        new DeleteDeploymentGroupCommand({
          applicationName: spec.applicationName,
          deploymentGroupName: spec.deploymentGroupName,
        }),
      ),
    { names: ['DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException'] },
  );
}

/** Normalizes GetDeploymentGroup's answer to the settings the fleet manages. */
export function toDeploymentGroupConfig(info: DeploymentGroupInfo): DeploymentGroupConfig {
  const bg = info.blueGreenDeploymentConfiguration;
  return {
    autoScalingGroups: (info.autoScalingGroups ?? []).map((g) => g.name!).sort(),
    serviceRoleArn: info.serviceRoleArn ?? '',
    deploymentStyle: {
      deploymentType: info.deploymentStyle?.deploymentType ?? '',
      deploymentOption: info.deploymentStyle?.deploymentOption ?? '',
    },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: bg?.deploymentReadyOption?.actionOnTimeout ?? '' },
      greenFleetProvisioningOption: { action: bg?.greenFleetProvisioningOption?.action ?? '' },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: bg?.terminateBlueInstancesOnDeploymentSuccess?.action ?? '',
        terminationWaitTimeInMinutes:
          bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0,
      },
    },
    loadBalancerInfo: {
      targetGroupInfoList: (info.loadBalancerInfo?.targetGroupInfoList ?? []).map((t) => ({
        name: t.name ?? '',
      })),
    },
    autoRollbackConfiguration: {
      enabled: info.autoRollbackConfiguration?.enabled ?? false,
      events: [...(info.autoRollbackConfiguration?.events ?? [])].sort(),
    },
    alarmConfiguration: {
      enabled: info.alarmConfiguration?.enabled ?? false,
      ignorePollAlarmFailure: info.alarmConfiguration?.ignorePollAlarmFailure ?? false,
      alarms: (info.alarmConfiguration?.alarms ?? [])
        .map((a) => ({ name: a.name ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
}

/** The planner keeps enum values as plain strings; they are the API's values. */
function toApiSettings(
  config: DeploymentGroupConfig,
): Omit<CreateDeploymentGroupInput, 'applicationName' | 'deploymentGroupName'> {
  return config as unknown as Omit<CreateDeploymentGroupInput, 'applicationName' | 'deploymentGroupName'>;
}
