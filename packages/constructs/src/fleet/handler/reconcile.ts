/**
 * Runs a fleet reconcile or delete: observe, plan, then execute the plan's actions in order.
 * Every action is idempotent and the plan is rebuilt from what AWS reports on each run, so an
 * interrupted run is finished by the next one.
 */
import { execute, FleetClients, observe } from './aws';
import { Action, Plan, planDelete, planReconcile, ReconcileContext } from './plan';
import { DesiredState } from './types';

/** How a run treats deployments that have not ended. */
export enum InProgressBehavior {
  /** Poll until they end, failing after `waitTimeoutMs` (CloudFormation requests). */
  WAIT = 'wait',
  /** Return without changes: the deployment's own state-change event will reconcile (EventBridge). */
  SKIP = 'skip',
}

export interface RunOptions {
  readonly clients: FleetClients;
  /** @default InProgressBehavior.WAIT */
  readonly inProgress?: InProgressBehavior;
  /** Longest wait for in-progress deployments. @default 10 minutes */
  readonly waitTimeoutMs?: number;
  /** Pause between two looks at in-progress deployments. @default 30 seconds */
  readonly pollIntervalMs?: number;
  /** @default one line per action on stdout */
  readonly log?: (message: string) => void;
  /** Called before each action; tests inject faults here. */
  readonly beforeAction?: (action: Action, index: number) => void | Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface RunResult {
  /** The group that serves after the run (reconcile only). */
  readonly liveGroupName?: string;
  /** Actions executed, in order. */
  readonly actions: Action[];
  /** Set when the run changed nothing because a deployment was in progress. */
  readonly skippedForDeployments?: string[];
}

/** Brings the fleet to the desired state (Create, Update, and after each deployment). */
export async function reconcileFleet(
  desired: DesiredState,
  options: RunOptions,
  context: ReconcileContext = {},
): Promise<RunResult> {
  return run(desired, options, (observed) => planReconcile(desired, observed, context));
}

/** Removes the deployment group, every group of the fleet, their policies and the alarms. */
export async function deleteFleet(desired: DesiredState, options: RunOptions): Promise<RunResult> {
  return run(desired, options, planDelete);
}

async function run(
  desired: DesiredState,
  options: RunOptions,
  makePlan: (observed: Awaited<ReturnType<typeof observe>>) => Plan,
): Promise<RunResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const waitTimeoutMs = options.waitTimeoutMs ?? 10 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const started = now();
  const dg = desired.deploymentGroup;

  for (;;) {
    const plan = makePlan(await observe(options.clients, desired));
    if (plan.kind === 'apply') {
      for (const [index, action] of plan.actions.entries()) {
        await options.beforeAction?.(action, index);
        log(`fleet ${desired.fleetId}: ${describe(action)}`);
        await execute(options.clients, desired, action);
      }
      return { liveGroupName: plan.liveGroupName, actions: plan.actions };
    }
    const ids = plan.deploymentIds.join(', ');
    if ((options.inProgress ?? InProgressBehavior.WAIT) === InProgressBehavior.SKIP) {
      log(`fleet ${desired.fleetId}: deployment ${ids} in progress; its state-change event will reconcile`);
      return { actions: [], skippedForDeployments: plan.deploymentIds };
    }
    const waited = now() - started;
    if (waited >= waitTimeoutMs) {
      throw new Error(
        `Deployment ${ids} of deployment group ${dg.applicationName}/${dg.deploymentGroupName} is still in progress after ` +
          `waiting ${Math.round(waited / 1000)} s. The fleet never changes an Auto Scaling group during a deployment: ` +
          'retry once the deployment has ended (or stop it).',
      );
    }
    log(`fleet ${desired.fleetId}: waiting for deployment ${ids} to end`);
    await sleep(Math.min(pollIntervalMs, Math.max(0, waitTimeoutMs - waited)));
  }
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
