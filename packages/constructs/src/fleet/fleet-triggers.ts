import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FleetNames } from './fleet-names';

/** What starts a reconcile besides CloudFormation. */
export interface ReconcileTriggersProps {
  readonly names: FleetNames;
  readonly application: codedeploy.IServerApplication;
  readonly handler: lambda.IFunction;
  /** Events whose every retry failed land here. */
  readonly failedRuns: sqs.IQueue;
  readonly reconcileInterval: Duration;
}

/** The two EventBridge rules that run the same reconcile, reading the stored state. */
export interface ReconcileTriggers {
  /** On CodeDeploy's state changes of the fleet's deployment group (SUCCESS, FAILURE, STOP). */
  readonly deploymentEventRule: events.Rule;
  /** Every `reconcileInterval`: the safety net for lost or failed events. */
  readonly reconcileScheduleRule: events.Rule;
}

/** After each deployment, and on schedule: the handler, retried, then the dead-letter queue. */
export function createReconcileTriggers(scope: Construct, props: ReconcileTriggersProps): ReconcileTriggers {
  const { names } = props;
  const target = () =>
    new targets.LambdaFunction(props.handler, {
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
      deadLetterQueue: props.failedRuns,
    });
  const deploymentEventRule = new events.Rule(scope, 'DeploymentEvents', {
    description: `Fleet ${names.fleetId}: reconcile on state changes of ${names.deploymentGroupName}`,
    eventPattern: {
      source: ['aws.codedeploy'],
      detailType: [
        'CodeDeploy Deployment State-change Notification',
        'CodeDeploy Instance State-change Notification',
      ],
      detail: {
        application: [props.application.applicationName],
        deploymentGroup: [names.deploymentGroupName],
        state: ['SUCCESS', 'FAILURE', 'STOP'],
      },
    },
    targets: [target()],
  });
  const reconcileScheduleRule = new events.Rule(scope, 'ReconcileSchedule', {
    description: `Fleet ${names.fleetId}: reconcile every ${props.reconcileInterval.toMinutes()} min (lost or failed events)`,
    schedule: events.Schedule.rate(props.reconcileInterval),
    targets: [target()],
  });
  return { deploymentEventRule, reconcileScheduleRule };
}
