import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FleetHandlerFunction } from './fleet-handler-function';
import { FleetNames } from './fleet-names';
import { STATE_PARAMETER_ENV, TAG_KEYS_ENV } from './handler/desired-state';
import { LogEncryption } from '../common/log-encryption';
import { keepOnlyPolicyDependency } from '../common/policy-dependency';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';

/** The fleet's reconcile handler, its role and the dead-letter queue of every run that failed. */
export interface ReconcileHandler {
  readonly handler: FleetHandlerFunction;
  /** The handler's role: `grantHandlerPermissions` gives it what the fleet manages. */
  readonly role: iam.Role;
  /** Dead-letter queue of the handler, its rules and the provider framework. */
  readonly failedRuns: sqs.Queue;
}

/** The handler (Node.js 22, one bundled file) with an encrypted log group, its own role and a dead-letter queue. */
export function createReconcileHandler(
  scope: Construct,
  props: { naming: Naming; appName: string; names: FleetNames; reservedConcurrency: number },
): ReconcileHandler {
  const { names } = props;
  const logGroup = LogEncryption.of(scope).logGroup(scope, 'HandlerLogs', {
    logGroupName: ResourceNames.of(props.naming).fleetHandlerLogGroupName(props.appName),
    retention: logs.RetentionDays.ONE_MONTH,
  });
  const role = new iam.Role(scope, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Fleet ${names.fleetId}: manages its Auto Scaling groups, alarms and deployment group`,
  });
  logGroup.grantWrite(role);
  const failedRuns = new sqs.Queue(scope, 'FailedRuns', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const handler = new FleetHandlerFunction(scope, 'Handler', {
    description: `Fleet ${names.fleetId}: reconciles the Auto Scaling group across blue/green deployments`,
    role,
    logGroup,
    // Delete stops a running deployment (up to 2 min) and waits for the instances (up to 10 min).
    timeout: Duration.minutes(15),
    memorySize: 256,
    environment: {
      [STATE_PARAMETER_ENV]: names.stateParameterName,
      [TAG_KEYS_ENV]: JSON.stringify(names.tagKeys),
    },
    deadLetterQueue: failedRuns,
    reservedConcurrentExecutions: props.reservedConcurrency,
  });
  keepOnlyPolicyDependency(handler, role);

  Validations.of(failedRuns).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: "This queue is the dead-letter queue of the fleet handler and of its rules' Lambda targets.",
  });
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'The fleet handler targets Node.js 22, the runtime the project standardizes on (instances, CodeBuild).',
  });
  return { handler, role, failedRuns };
}
