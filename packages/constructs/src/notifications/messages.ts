/**
 * Readable notifications: what the shared topic receives for each event kind, one line a person can
 * act on (`summary`: what happened to which app in which environment, and the command to run
 * next: the project's operations command when Naming has one, else the AWS CLI's), followed by the machine-readable fields of the event. Each message is an
 * EventBridge input transformer (events.RuleTargetInput.fromObject): the topic's e-mail subscribers
 * read the summary first; scripts parse the JSON.
 *
 * Internal to the library (not exported from the package index).
 */
import * as events from 'aws-cdk-lib/aws-events';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';

/** The kinds of event the topic receives, each with its own rule. */
export enum NotificationKind {
  /** CodeDeploy deployment state FAILURE. */
  DEPLOYMENT_FAILED = 'deployment-failed',
  /** CodeDeploy deployment state STOP: an alarm in ALARM, or a stop request (rollback). */
  DEPLOYMENT_STOPPED = 'deployment-stopped',
  /** CodePipeline pipeline execution state FAILED. */
  PIPELINE_FAILED = 'pipeline-failed',
  /** CodeBuild build status FAILED. */
  BUILD_FAILED = 'build-failed',
  /** An alarm of an app entered ALARM (rollback, fleet or WAF alarm). */
  ALARM = 'alarm',
}

const field = (path: string) => events.EventField.fromPath(path);

/**
 * "CodeDeploy Deployment State-change Notification": detail.deploymentId, detail.state (START,
 * SUCCESS, FAILURE, STOP, READY), detail.application, detail.deploymentGroup, region
 * (EventBridge events reference, CodeDeploy events).
 */
export function deploymentMessage(
  naming: Naming,
  appName: string,
  kind: NotificationKind.DEPLOYMENT_FAILED | NotificationKind.DEPLOYMENT_STOPPED,
): events.RuleTargetInput {
  const id = field('$.detail.deploymentId');
  const what =
    kind === NotificationKind.DEPLOYMENT_FAILED
      ? 'failed'
      : 'was stopped (an alarm in ALARM, or a stop request such as a rollback)';
  return events.RuleTargetInput.fromObject({
    summary:
      `${naming.projectName} ${naming.environment} ${appName}: deployment ${id} ${what} in ${field('$.region')}. ` +
      `Why: ${
        naming.operationsCommand
          ? `${naming.operationsCommand} why ${naming.environment} ${appName} ${id}`
          : `aws deploy get-deployment --deployment-id ${id}`
      }`,
    kind,
    environment: naming.environment,
    app: appName,
    deploymentId: id,
    state: field('$.detail.state'),
    application: field('$.detail.application'),
    deploymentGroup: field('$.detail.deploymentGroup'),
    region: field('$.region'),
    time: field('$.time'),
  });
}

/**
 * "CodePipeline Pipeline Execution State Change": detail.pipeline, detail.execution-id, detail.state
 * (STARTED, SUCCEEDED, FAILED, ...) (CodePipeline user guide, "Monitoring CodePipeline events").
 */
export function pipelineFailedMessage(naming: Naming): events.RuleTargetInput {
  const execution = field('$.detail.execution-id');
  return events.RuleTargetInput.fromObject({
    summary:
      `${naming.projectName} ${naming.environment}: pipeline ${ResourceNames.of(naming).pipelineName()} execution ${execution} failed. ` +
      `Status: ${statusCommand(naming)}`,
    kind: NotificationKind.PIPELINE_FAILED,
    environment: naming.environment,
    pipeline: field('$.detail.pipeline'),
    executionId: execution,
    state: field('$.detail.state'),
    region: field('$.region'),
    time: field('$.time'),
  });
}

/**
 * "CodeBuild Build State Change": detail.build-status, detail.project-name, detail.build-id,
 * detail.additional-information.logs.deep-link (CodeBuild user guide, "Build notifications input
 * format reference").
 */
export function buildFailedMessage(naming: Naming): events.RuleTargetInput {
  return events.RuleTargetInput.fromObject({
    summary:
      `${naming.projectName} ${naming.environment}: build of ${ResourceNames.of(naming).buildProjectName()} failed ` +
      `(a missing SSM parameter fails it too: param-tool check --env ${naming.environment}). ` +
      `Logs: ${field('$.detail.additional-information.logs.deep-link')}. Status: ${statusCommand(naming)}`,
    kind: NotificationKind.BUILD_FAILED,
    environment: naming.environment,
    project: field('$.detail.project-name'),
    buildId: field('$.detail.build-id'),
    buildStatus: field('$.detail.build-status'),
    region: field('$.region'),
    time: field('$.time'),
  });
}

/**
 * "CloudWatch Alarm State Change": detail.alarmName, detail.state.value and .reason, and
 * detail.configuration.description (CloudWatch user guide, "Alarm events and EventBridge"). The
 * alarm's own description says what it means (a rollback alarm rolls back a running deployment; a
 * fleet alarm says its reconcile failed; the WAF alarm counts blocked requests).
 */
export function alarmMessage(naming: Naming, appName: string): events.RuleTargetInput {
  const alarm = field('$.detail.alarmName');
  return events.RuleTargetInput.fromObject({
    summary:
      `${naming.projectName} ${naming.environment} ${appName}: alarm ${alarm} is in ALARM: ${field('$.detail.configuration.description')}. ` +
      `Status: ${
        naming.operationsCommand
          ? `${naming.operationsCommand} status ${naming.environment} ${appName}`
          : `aws cloudwatch describe-alarms --alarm-names ${alarm}`
      }`,
    kind: NotificationKind.ALARM,
    environment: naming.environment,
    app: appName,
    alarmName: alarm,
    state: field('$.detail.state.value'),
    reason: field('$.detail.state.reason'),
    region: field('$.region'),
    time: field('$.time'),
  });
}

/** How to see the environment's pipeline state: the operations command, else the AWS CLI's. */
function statusCommand(naming: Naming): string {
  return naming.operationsCommand
    ? `${naming.operationsCommand} status ${naming.environment}`
    : `aws codepipeline get-pipeline-state --name ${ResourceNames.of(naming).pipelineName()}`;
}
