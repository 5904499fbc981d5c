/**
 * The fleet's Lambda handler, bundled by esbuild into a single file (AWS SDK v3 left to the
 * Node.js 22 runtime). Three callers:
 * - the custom resource Provider (`onEvent`): Create / Update write the desired state they carry
 *   to the state parameter and converge; Delete removes everything and waits until it is gone;
 * - the EventBridge rule on CodeDeploy state changes of the fleet's deployment group;
 * - the EventBridge schedule (the safety net for lost or failed events).
 * Events and the schedule carry no state: they read the state parameter, so a late or repeated
 * event can never apply an older state.
 */
import { defaultClients, FleetClients } from './handler/aws/clients';
import { DesiredState, STATE_PARAMETER_ENV } from './handler/desired-state';
import { parseDesiredState } from './handler/parse-desired-state';
import { deleteFleet, reconcileFleet, RunOptions } from './handler/reconcile';
import { StateStore, SupersededError } from './handler/state-store';

/** What the custom resource Provider framework sends to `onEvent`. */
export interface FleetResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly Fleet: unknown };
  readonly OldResourceProperties?: { readonly Fleet?: unknown };
}

/**
 * An EventBridge event: a CodeDeploy state change (`aws.codedeploy`) or the schedule
 * (`aws.events`). Only `source` and, for CodeDeploy, the detail's id and state are read (to log).
 */
export interface FleetTriggerEvent {
  readonly source: string;
  readonly 'detail-type'?: string;
  readonly detail?: { readonly deploymentId?: string; readonly instanceId?: string; readonly state?: string };
}

/** Options of one invocation; tests pass a parameter name, a log and fault hooks. */
export type HandlerOptions = Omit<RunOptions, 'clients'> & {
  /** @default process.env.FLEET_STATE_PARAMETER */
  readonly stateParameterName?: string;
};

let clients: FleetClients | undefined;

export async function handler(event: FleetResourceEvent | FleetTriggerEvent): Promise<unknown> {
  clients ??= defaultClients();
  return 'RequestType' in event ? onResourceEvent(event, clients) : onTriggerEvent(event, clients);
}

/** Handles one custom resource request; exported for tests. */
export async function onResourceEvent(
  event: FleetResourceEvent,
  fleetClients: FleetClients,
  options: HandlerOptions = {},
) {
  const store = stateStore(fleetClients, options);
  const log = options.log ?? ((m: string) => console.log(m));
  if (event.RequestType === 'Delete') {
    let desired: DesiredState;
    try {
      desired = parseDesiredState(event.ResourceProperties.Fleet);
    } catch (err) {
      // Properties that never parsed never created anything: let the stack delete go on.
      log(`Nothing to delete: ${(err as Error).message}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    // The state goes first: a scheduled or event run still in flight then finds no state (or sees
    // it vanish before its next action) and stops, instead of creating a group again.
    await store.delete();
    await deleteFleet(desired, { ...options, clients: fleetClients });
    return { PhysicalResourceId: event.PhysicalResourceId ?? desired.fleetId };
  }

  const desired = parseDesiredState(event.ResourceProperties.Fleet);
  const version = await store.write(desired);
  log(
    `fleet ${desired.fleetId}: ${event.RequestType} wrote desired state version ${version} to ${store.parameterName}`,
  );
  const result = await reconcileFleet(
    desired,
    { ...options, clients: fleetClients, beforeAction: guarded(store, version, options) },
    { previousDesiredCapacity: previousDesired(event) },
  );
  return {
    PhysicalResourceId: desired.fleetId,
    Data: {
      DeploymentGroupName: desired.deploymentGroup.deploymentGroupName,
      AutoScalingGroupName: result.liveGroupName,
    },
  };
}

/**
 * Reconciles towards the stored desired state after a CodeDeploy event or on schedule; exported
 * for tests. Nothing stored (the fleet was never created, or is deleted): nothing to do.
 */
export async function onTriggerEvent(
  event: FleetTriggerEvent,
  fleetClients: FleetClients,
  options: HandlerOptions = {},
) {
  const store = stateStore(fleetClients, options);
  const log = options.log ?? ((m: string) => console.log(m));
  const trigger =
    event.source === 'aws.codedeploy'
      ? `${event['detail-type'] ?? 'CodeDeploy event'} ${event.detail?.deploymentId ?? ''} ${event.detail?.instanceId ?? ''} ${event.detail?.state ?? ''}`
          .replace(/\s+/g, ' ')
          .trim()
      : 'scheduled reconcile';
  const stored = await store.read();
  if (!stored) {
    log(
      `${trigger}: no desired state in ${store.parameterName} (the fleet is not created or is deleted); nothing to do`,
    );
    return { trigger, skipped: true };
  }
  log(`fleet ${stored.desired.fleetId}: ${trigger}, desired state version ${stored.version}`);
  try {
    const result = await reconcileFleet(stored.desired, {
      ...options,
      clients: fleetClients,
      beforeAction: guarded(store, stored.version, options),
    });
    return {
      trigger,
      phase: result.phase,
      liveGroupName: result.liveGroupName,
      actions: result.actions.map((a) => a.type),
    };
  } catch (err) {
    if (err instanceof SupersededError) {
      log(`fleet ${stored.desired.fleetId}: ${err.message}`);
      return { trigger, superseded: true };
    }
    throw err;
  }
}

function stateStore(fleetClients: FleetClients, options: HandlerOptions): StateStore {
  const name = options.stateParameterName ?? process.env[STATE_PARAMETER_ENV];
  if (!name) {
    throw new Error(
      `${STATE_PARAMETER_ENV} is not set: the fleet handler needs the name of its state parameter`,
    );
  }
  return new StateStore(fleetClients.ssm, name);
}

/** Before each action: the caller's hook, then a check that no newer state was written meanwhile. */
function guarded(store: StateStore, version: number, options: HandlerOptions): RunOptions['beforeAction'] {
  return async (action, index) => {
    await options.beforeAction?.(action, index);
    await store.assertCurrent(version);
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
