import { DisableStageTransitionCommand, EnableStageTransitionCommand } from '@aws-sdk/client-codepipeline';
import type { Clients } from './clients';
import { aws, CliError } from './errors';
import { DEPLOY_STAGE, EnvironmentTarget } from './targets';

/**
 * DisableStageTransition's `reason`: "Length Constraints: Minimum length of 1. Maximum length of 300.
 * Pattern: [a-zA-Z0-9!@ \(\)\.\*\?\-]+" (CodePipeline API reference, DisableStageTransition).
 */
export const REASON_PATTERN = /^[a-zA-Z0-9!@ ().*?-]{1,300}$/;

export function validateReason(reason: string): string {
  if (!REASON_PATTERN.test(reason)) {
    const bad = [...new Set(reason.replace(/[a-zA-Z0-9!@ ().*?-]/g, ''))].join('');
    throw new CliError(
      `--reason "${reason}" is not accepted by CodePipeline: 1 to 300 characters among letters, digits, space and ! @ ( ) . * ? -` +
        (bad ? ` (remove: ${bad})` : reason.length > 300 ? ` (it has ${reason.length})` : ''),
    );
  }
  return reason;
}

export interface PauseResult {
  readonly environment: string;
  readonly pipeline: string;
  readonly stage: string;
  readonly paused: boolean;
  readonly reason?: string;
  readonly message: string;
}

/**
 * Disables the inbound transition of the Deploy stage: builds still run and their revisions stop at
 * the transition; a deployment already in the stage goes on. "When you re-enable a disabled
 * transition, the latest revision runs through the remaining stages of the pipeline unless more than
 * 30 days have passed" (CodePipeline user guide, "Working with stage transitions in CodePipeline").
 */
export async function pause(clients: Clients, env: EnvironmentTarget, reason: string): Promise<PauseResult> {
  validateReason(reason);
  await aws(`codepipeline:DisableStageTransition ${env.pipeline} ${DEPLOY_STAGE}`, () =>
    clients.codePipeline.send(
      new DisableStageTransitionCommand({
        pipelineName: env.pipeline,
        stageName: DEPLOY_STAGE,
        transitionType: 'Inbound',
        reason,
      }),
    ),
  );
  return {
    environment: env.environment,
    pipeline: env.pipeline,
    stage: DEPLOY_STAGE,
    paused: true,
    reason,
    message:
      `${env.pipeline}: deployments paused (transition into ${DEPLOY_STAGE} disabled: "${reason}"). ` +
      'Pushes still build; a running deployment goes on. `npx comptastar resume ' +
      `${env.environment}\` lets the latest built revision through (within 30 days; later, release a change).`,
  };
}

/** Enables the transition again: the newest revision waiting at it moves into the Deploy stage. */
export async function resume(clients: Clients, env: EnvironmentTarget): Promise<PauseResult> {
  await aws(`codepipeline:EnableStageTransition ${env.pipeline} ${DEPLOY_STAGE}`, () =>
    clients.codePipeline.send(
      new EnableStageTransitionCommand({
        pipelineName: env.pipeline,
        stageName: DEPLOY_STAGE,
        transitionType: 'Inbound',
      }),
    ),
  );
  return {
    environment: env.environment,
    pipeline: env.pipeline,
    stage: DEPLOY_STAGE,
    paused: false,
    message: `${env.pipeline}: deployments resumed (transition into ${DEPLOY_STAGE} enabled); the latest built revision, if any, deploys now.`,
  };
}
