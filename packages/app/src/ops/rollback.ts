import { CreateDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { Clients } from './clients';
import { ACTIVE_STATUSES, DeploymentSummary, listDeployments } from './deployments';
import { aws, CliError } from './errors';
import { formatTime } from './format';
import type { AppTarget } from './targets';

/**
 * What `rollback` will do, chosen by where the app is in its deployment:
 * - `stop`: a deployment is running. StopDeployment with autoRollbackEnabled ("whether instances that
 *   have been updated should be rolled back to the previous version": CodeDeploy API reference,
 *   StopDeployment). During the blue termination wait the original instances still run, so traffic
 *   goes back to them: seconds, no new instance.
 * - `redeploy`: nothing is running. "CodeDeploy rolls back deployments by redeploying a previously
 *   deployed revision of an application as a new deployment" (CodeDeploy user guide, "Redeploy and roll
 *   back a deployment with CodeDeploy"): CreateDeployment of the revision of the last successful
 *   deployment before the live one: a full blue/green deployment (new instances, then the blue wait).
 */
export type RollbackPlan =
  | {
      readonly action: 'stop';
      readonly environment: string;
      readonly app: string;
      readonly deployment: DeploymentSummary;
      readonly summary: string;
    }
  | {
      readonly action: 'redeploy';
      readonly environment: string;
      readonly app: string;
      /** The deployment that put the live revision in place. */
      readonly live: DeploymentSummary;
      /** The deployment whose revision is deployed again. */
      readonly target: DeploymentSummary;
      readonly summary: string;
    };

export async function planRollback(
  clients: Clients,
  target: AppTarget,
  now = new Date(),
): Promise<RollbackPlan> {
  const deployments = await listDeployments(clients.codeDeploy, target, { now });
  const active = deployments.find((d) => ACTIVE_STATUSES.includes(d.status));
  const where = `${target.environment} ${target.app}`;
  if (active) {
    const phase = active.blueWaitStarted
      ? 'traffic is on the new (green) instances and the blue wait runs: traffic goes back to the original instances, which still run'
      : 'traffic has not moved yet: the original instances keep serving and the new ones are discarded';
    return {
      action: 'stop',
      environment: target.environment,
      app: target.app,
      deployment: active,
      summary:
        `${where}: deployment ${active.id} is ${active.status} (started ${formatTime(active.createTime)}); ${phase}.\n` +
        `Will stop ${active.id} with rollback (StopDeployment, autoRollbackEnabled): takes seconds.`,
    };
  }
  const succeeded = deployments.filter((d) => d.status === 'Succeeded');
  if (succeeded.length === 0) {
    throw new CliError(`${where}: no successful deployment yet, so there is nothing to roll back to`);
  }
  const [live, previous] = succeeded;
  if (!previous) {
    throw new CliError(
      `${where}: ${live.id} (${formatTime(live.completeTime)}) is the only successful deployment; there is no earlier revision to roll back to`,
    );
  }
  if (!previous.revisionLocation) {
    throw new CliError(`${where}: deployment ${previous.id} reports no revision to deploy again`);
  }
  return {
    action: 'redeploy',
    environment: target.environment,
    app: target.app,
    live,
    target: previous,
    summary:
      `${where}: no deployment running; live since ${formatTime(live.completeTime)}: ${live.id} ${live.revision ?? ''}.\n` +
      `Will deploy again the revision of ${previous.id} (${formatTime(previous.completeTime)}): ${previous.revision ?? ''}.\n` +
      'A full blue/green deployment: new instances, traffic moves once they are healthy (a few minutes), ' +
      'then the blue wait before the deployment ends. Pause the pipeline (`npx comptastar pause ' +
      `${target.environment}\`) so the next push does not deploy the faulty revision again.`,
  };
}

export interface RollbackResult {
  readonly action: RollbackPlan['action'];
  readonly deploymentId: string;
  readonly status?: string;
  readonly message: string;
}

export async function executeRollback(
  clients: Clients,
  target: AppTarget,
  plan: RollbackPlan,
): Promise<RollbackResult> {
  if (plan.action === 'stop') {
    const out = await aws(`codedeploy:StopDeployment ${plan.deployment.id}`, () =>
      clients.codeDeploy.send(
        new StopDeploymentCommand({ deploymentId: plan.deployment.id, autoRollbackEnabled: true }),
      ),
    );
    return {
      action: 'stop',
      deploymentId: plan.deployment.id,
      status: out.status,
      message: `stopped ${plan.deployment.id} with rollback (${out.status ?? 'requested'}${out.statusMessage ? `: ${out.statusMessage}` : ''})`,
    };
  }
  const out = await aws(`codedeploy:CreateDeployment ${target.deploymentGroup}`, () =>
    clients.codeDeploy.send(
      new CreateDeploymentCommand({
        applicationName: target.codeDeployApplication,
        deploymentGroupName: target.deploymentGroup,
        revision: plan.target.revisionLocation,
        description: `comptastar rollback: revision of ${plan.target.id}`,
      }),
    ),
  );
  return {
    action: 'redeploy',
    deploymentId: out.deploymentId,
    message:
      `started ${out.deploymentId}, deploying the revision of ${plan.target.id}; ` +
      `follow it with \`npx comptastar status ${plan.environment} ${plan.app}\``,
  };
}
