import { Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The fleet's props that have a range, with their defaults applied. */
export interface FleetLimitsInput {
  readonly launchTemplate: ec2.ILaunchTemplate;
  readonly healthCheckGracePeriod: Duration;
  readonly terminationWait: Duration;
  readonly reconcileInterval: Duration;
  readonly reservedConcurrency: number;
}

/**
 * Checks every ranged prop of a `Fleet` and throws one error listing each problem, naming the prop
 * and its allowed range.
 */
export function validateFleetProps(path: string, input: FleetLimitsInput): void {
  const problems: string[] = [];
  if (!input.launchTemplate.launchTemplateId) {
    problems.push('launchTemplate must have a launchTemplateId (import it by id, not by name)');
  }
  const graceSeconds = input.healthCheckGracePeriod.toSeconds();
  if (!Token.isUnresolved(graceSeconds) && (graceSeconds < 0 || graceSeconds > 7200)) {
    problems.push(`healthCheckGracePeriod is ${graceSeconds} seconds; allowed: 0 to 7200 seconds`);
  }
  const waitSeconds = input.terminationWait.toSeconds();
  if (waitSeconds % 60 !== 0 || waitSeconds < 0 || waitSeconds > 2880 * 60) {
    problems.push(`terminationWait is ${waitSeconds} seconds; allowed: whole minutes from 0 to 2880`);
  }
  const intervalSeconds = input.reconcileInterval.toSeconds();
  if (intervalSeconds % 60 !== 0 || intervalSeconds < 60 || intervalSeconds > 3600) {
    problems.push(`reconcileInterval is ${intervalSeconds} seconds; allowed: whole minutes from 1 to 60`);
  }
  const concurrency = input.reservedConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 2 || concurrency > 100) {
    problems.push(
      `reservedConcurrency is ${concurrency}; allowed: an integer from 2 to 100 (1 would throttle CloudFormation's synchronous invoke while a scheduled or event run is in progress)`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid Fleet "${path}":\n  - ${problems.join('\n  - ')}`);
  }
}
