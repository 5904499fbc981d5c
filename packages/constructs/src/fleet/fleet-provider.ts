import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LogEncryption } from '../common/log-encryption';
import { keepOnlyPolicyDependency } from '../common/policy-dependency';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';
import { acknowledgeWildcard } from '../service/nag';

/** Reserved concurrency of the provider framework function (invoked asynchronously by CloudFormation). */
const PROVIDER_RESERVED_CONCURRENCY = 2;

/** What the provider framework in front of the fleet's handler needs. */
export interface FleetProviderProps {
  readonly naming: Naming;
  readonly appName: string;
  readonly fleetId: string;
  readonly handler: lambda.IFunction;
  /** Requests the framework itself could not process land here. */
  readonly failedRuns: sqs.IQueue;
}

/**
 * The custom resource provider framework in front of the fleet's handler, with its own role,
 * encrypted log group, reserved concurrency and the fleet's dead-letter queue.
 */
export function createFleetProvider(scope: Construct, props: FleetProviderProps): cr.Provider {
  const { naming, appName } = props;
  const role = new iam.Role(scope, 'ProviderRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Fleet ${props.fleetId}: custom resource provider framework`,
  });
  const logGroup = LogEncryption.of(scope).logGroup(scope, 'ProviderLogs', {
    logGroupName: ResourceNames.of(naming).fleetProviderLogGroupName(appName),
    retention: logs.RetentionDays.ONE_MONTH,
  });
  logGroup.grantWrite(role);
  const provider = new cr.Provider(scope, 'Provider', {
    onEventHandler: props.handler,
    frameworkOnEventRole: role,
    logGroup,
  });
  // CloudFormation invokes the framework asynchronously (Lambda developer guide, "Using AWS Lambda
  // with CloudFormation"): a request the framework itself could not process
  // lands in the same dead-letter queue; the framework answers FAILED to handler errors itself.
  const framework = provider.node.findChild('framework-onEvent') as lambda.Function;
  const cfnFramework = framework.node.defaultChild as lambda.CfnFunction;
  cfnFramework.deadLetterConfig = { targetArn: props.failedRuns.queueArn };
  cfnFramework.reservedConcurrentExecutions = PROVIDER_RESERVED_CONCURRENCY;
  props.failedRuns.grantSendMessages(role);

  acknowledgeWildcard(
    role,
    'Resource',
    `${props.handler.functionArn}:*`,
    'The provider framework may invoke any version of the fleet handler (CDK grant).',
  );
  keepOnlyPolicyDependency(framework, role);
  return provider;
}
