/**
 * The fleet's Lambda handler, bundled by esbuild into a single file (AWS SDK v3 left to the
 * Node.js 22 runtime). Two callers:
 * - the custom resource Provider (`onEvent`): Create / Update / Delete, with the desired state in
 *   `ResourceProperties.Fleet`;
 * - the EventBridge rule on CodeDeploy deployment state changes, whose constant input carries the
 *   same desired state in `Fleet` (so the handler keeps no state of its own).
 */
import { defaultClients, FleetClients } from './handler/aws';
import { deleteFleet, InProgressBehavior, reconcileFleet, RunOptions } from './handler/reconcile';
import { DesiredState, parseDesiredState } from './handler/types';

/** What the custom resource Provider framework sends to `onEvent`. */
export interface FleetResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly Fleet: unknown };
  readonly OldResourceProperties?: { readonly Fleet?: unknown };
}

/** The EventBridge rule's input. */
export interface FleetDeploymentEvent {
  readonly source: 'comptastar.fleet';
  readonly Fleet: unknown;
}

let clients: FleetClients | undefined;

export async function handler(event: FleetResourceEvent | FleetDeploymentEvent): Promise<unknown> {
  clients ??= defaultClients();
  return 'RequestType' in event ? onResourceEvent(event, clients) : onDeploymentEvent(event, clients);
}

/** Reconciles after a deployment ended; skips (without error) while another one runs. Exported for tests. */
export async function onDeploymentEvent(
  event: FleetDeploymentEvent,
  fleetClients: FleetClients,
  options: Omit<RunOptions, 'clients'> = {},
) {
  const desired = parseDesiredState(event.Fleet);
  const result = await reconcileFleet(desired, {
    ...options,
    clients: fleetClients,
    inProgress: InProgressBehavior.SKIP,
  });
  return {
    liveGroupName: result.liveGroupName,
    actions: result.actions.map((a) => a.type),
    skippedForDeployments: result.skippedForDeployments,
  };
}

/** Handles one custom resource request; exported for tests. */
export async function onResourceEvent(
  event: FleetResourceEvent,
  fleetClients: FleetClients,
  options: Omit<RunOptions, 'clients'> = {},
) {
  if (event.RequestType === 'Delete') {
    let desired: DesiredState;
    try {
      desired = parseDesiredState(event.ResourceProperties.Fleet);
    } catch (err) {
      // Properties that never parsed never created anything: let the stack delete go on.
      console.log(`Nothing to delete: ${(err as Error).message}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    await deleteFleet(desired, { ...options, clients: fleetClients });
    return { PhysicalResourceId: event.PhysicalResourceId ?? desired.fleetId };
  }

  const desired = parseDesiredState(event.ResourceProperties.Fleet);
  const previousDesiredCapacity = previousDesired(event);
  const result = await reconcileFleet(
    desired,
    { ...options, clients: fleetClients },
    { previousDesiredCapacity },
  );
  return {
    PhysicalResourceId: desired.fleetId,
    Data: {
      DeploymentGroupName: desired.deploymentGroup.deploymentGroupName,
      AutoScalingGroupName: result.liveGroupName,
    },
  };
}

function previousDesired(event: FleetResourceEvent): number | undefined {
  if (event.RequestType !== 'Update' || !event.OldResourceProperties?.Fleet) {
    return undefined;
  }
  try {
    return parseDesiredState(event.OldResourceProperties.Fleet).desiredCapacity;
  } catch {
    return undefined;
  }
}
