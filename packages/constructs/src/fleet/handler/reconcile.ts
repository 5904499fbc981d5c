/**
 * Runs a fleet reconcile or delete: observe, plan, then execute the plan's actions in order.
 * Every action is idempotent and the plan is rebuilt from what AWS reports on each run, so an
 * interrupted run is finished by the next one (the next event, or the scheduled run).
 */
import { readGroups } from './aws/auto-scaling';
import { FleetClients } from './aws/clients';
import { stopDeployment } from './aws/codedeploy';
import { PropagationOptions } from './aws/iam-propagation';
import { DesiredState } from './desired-state';
import { execute } from './execute';
import { observe } from './observe';
import { Action, Plan, planDelete, PlanPhase, planReconcile, ReconcileContext } from './plan';

export interface RunOptions extends PropagationOptions {
  readonly clients: FleetClients;
  /**
   * Called before each action; throwing stops the run. The handler checks here that the desired
   * state is still the one it read; tests inject faults.
   */
  readonly beforeAction?: (action: Action, index: number) => void | Promise<void>;
  /** Delete: longest wait for stopped deployments to end. @default 2 minutes */
  readonly stopTimeoutMs?: number;
  /** Delete: longest wait for the groups' instances to terminate. @default 10 minutes */
  readonly groupsGoneTimeoutMs?: number;
  /** Delete: pause between two looks. @default 15 seconds */
  readonly pollIntervalMs?: number;
}

export interface RunResult {
  /** What the plan was made for (reconcile only). */
  readonly phase?: PlanPhase;
  /** The group that serves after the run (reconcile only). */
  readonly liveGroupName?: string;
  /** Actions executed, in order. */
  readonly actions: Action[];
}

/**
 * Brings the fleet to the desired state (Create, Update, deployment events, the schedule). Never
 * waits for a deployment: during one it only hands scaling over to the green copy once traffic
 * is on it; the end of the deployment (its event, or the next scheduled run) applies the rest.
 */
export async function reconcileFleet(
  desired: DesiredState,
  options: RunOptions,
  context: ReconcileContext = {},
): Promise<RunResult> {
  const plan = planReconcile(desired, await observe(options.clients, desired), context);
  if (plan.kind !== 'apply') {
    throw new Error('a reconcile plan never waits'); // planReconcile only returns 'apply'
  }
  await apply(desired, plan, options);
  return { phase: plan.phase, liveGroupName: plan.liveGroupName, actions: plan.actions };
}

/**
 * Removes the deployment group, every group of the fleet with its policies, and the alarms;
 * returns once the groups are gone. A running deployment is stopped first (without rollback:
 * everything it touches is deleted next).
 */
export async function deleteFleet(desired: DesiredState, options: RunOptions): Promise<RunResult> {
  const log = logOf(options);
  const dg = desired.deploymentGroup;
  let observed = await observe(options.clients, desired);
  const stopping = observed.activeDeployments.map((d) => d.id);
  for (const id of stopping) {
    log(`fleet ${desired.fleetId}: stopping deployment ${id} (the fleet is being deleted)`);
    await stopDeployment(options.clients, id);
  }
  observed = await pollUntil(options, options.stopTimeoutMs ?? 2 * 60_000, async () => {
    const now = await observe(options.clients, desired);
    return now.activeDeployments.length === 0 ? now : undefined;
  }).catch(async () => {
    const ids = (await observe(options.clients, desired)).activeDeployments.map((d) => d.id).join(', ');
    throw new Error(
      `Deployment ${ids} of deployment group ${dg.applicationName}/${dg.deploymentGroupName} did not stop in time. ` +
        'Stop it in the CodeDeploy console (or `aws deploy stop-deployment`), then delete the stack again.',
    );
  });

  const plan = planDelete(observed);
  if (plan.kind !== 'apply') {
    throw new Error('deployments ended but the plan still waits'); // unreachable: checked above
  }
  await apply(desired, plan, options);

  await pollUntil(options, options.groupsGoneTimeoutMs ?? 10 * 60_000, async () => {
    const left = await readGroups(options.clients, desired);
    if (left.length > 0) {
      log(
        `fleet ${desired.fleetId}: waiting for ${left.map((g) => `${g.name} (${g.status ?? 'active'})`).join(', ')} to be deleted`,
      );
    }
    return left.length === 0 ? true : undefined;
  }).catch(async () => {
    const left = await readGroups(options.clients, desired);
    throw new Error(
      `Auto Scaling group(s) ${left.map((g) => `${g.name} (${g.instanceIds.length} instances, ${g.status ?? 'not being deleted'})`).join(', ')} ` +
        `of fleet ${desired.fleetId} still exist after the delete. Check their scaling activities in the EC2 console, ` +
        'delete them (`aws autoscaling delete-auto-scaling-group --force-delete`), then delete the stack again.',
    );
  });
  return { actions: plan.actions };
}

async function apply(desired: DesiredState, plan: Extract<Plan, { kind: 'apply' }>, options: RunOptions) {
  const log = logOf(options);
  for (const note of plan.notes) {
    log(`fleet ${desired.fleetId}: ${note}`);
  }
  for (const [index, action] of plan.actions.entries()) {
    await options.beforeAction?.(action, index);
    log(`fleet ${desired.fleetId}: ${describe(action)}`);
    await execute(options.clients, desired, action, options);
  }
}

/** Polls `look` until it returns a value; rejects after `timeoutMs`. */
async function pollUntil<T>(
  options: RunOptions,
  timeoutMs: number,
  look: () => Promise<T | undefined>,
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const interval = options.pollIntervalMs ?? 15_000;
  const started = now();
  for (;;) {
    const value = await look();
    if (value !== undefined) {
      return value;
    }
    const waited = now() - started;
    if (waited >= timeoutMs) {
      throw new Error(`timed out after ${Math.round(waited / 1000)} s`);
    }
    await sleep(Math.min(interval, timeoutMs - waited));
  }
}

function logOf(options: RunOptions): (message: string) => void {
  return options.log ?? ((m: string) => console.log(m));
}

function describe(action: Action): string {
  switch (action.type) {
    case 'createGroup':
    case 'updateGroup':
      return `${action.type} ${action.groupName} ${JSON.stringify(action.settings)}`;
    case 'putPolicy':
    case 'putAlarm':
      return `${action.type} ${action.type === 'putAlarm' ? action.policy.alarmName : action.policy.policyName} on ${action.groupName}`;
    case 'deleteAlarms':
      return `deleteAlarms ${action.alarmNames.join(', ')}`;
    case 'deletePolicy':
      return `deletePolicy ${action.policyName} of ${action.groupName}`;
    case 'createDeploymentGroup':
    case 'updateDeploymentGroup':
      return `${action.type} -> ${action.config.autoScalingGroups.join(', ')}`;
    default:
      return `${action.type}${'groupName' in action ? ` ${action.groupName}` : ''}`;
  }
}
