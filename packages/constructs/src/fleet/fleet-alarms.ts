import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';

/** The fleet's own alarms. */
export interface FleetAlarms {
  /** In ALARM when the handler failed (a custom resource request or a reconcile). */
  readonly handlerErrors: cloudwatch.Alarm;
  /** In ALARM when the dead-letter queue holds a failed event. */
  readonly failedRuns: cloudwatch.Alarm;
}

/** Alarms on the handler's errors and on its dead-letter queue, named by `Naming`. */
export function createFleetAlarms(
  scope: Construct,
  props: {
    naming: Naming;
    appName: string;
    fleetId: string;
    handler: lambda.IFunction;
    failedRuns: sqs.IQueue;
  },
): FleetAlarms {
  const { naming, appName: app, fleetId } = props;
  const common = {
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  const handlerErrors = new cloudwatch.Alarm(scope, 'HandlerErrors', {
    alarmName: ResourceNames.of(naming).fleetErrorsAlarmName(app),
    alarmDescription: `Fleet ${fleetId}: a reconcile failed (its log group ${ResourceNames.of(naming).fleetHandlerLogGroupName(app)} says why); the next run retries`,
    metric: props.handler.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    ...common,
  });
  const failedRuns = new cloudwatch.Alarm(scope, 'FailedRunsAlarm', {
    alarmName: ResourceNames.of(naming).fleetFailedRunsAlarmName(app),
    alarmDescription: `Fleet ${fleetId}: events whose reconcile failed every retry (or CloudFormation requests the provider could not take) wait in the dead-letter queue`,
    metric: props.failedRuns.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    ...common,
  });
  return { handlerErrors, failedRuns };
}
