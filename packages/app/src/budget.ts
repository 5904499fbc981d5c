import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Duration } from 'aws-cdk-lib';

/** What deploy-hooks' benchmark measured per app (src/hooks-budget.json). */
export interface HooksBudget {
  readonly command: string;
  readonly measuredOn: string;
  readonly apps: {
    readonly [appName: string]: {
      readonly hookSeconds: { readonly [event: string]: number };
      readonly beforeInstallToHealthySeconds: number;
    };
  };
}

/** The committed results of `cd packages/deploy-hooks && npx projen bench`. */
export function loadHooksBudget(file = join(__dirname, 'hooks-budget.json')): HooksBudget {
  return JSON.parse(readFileSync(file, 'utf8')) as HooksBudget;
}

/** Seconds of one blue/green deployment of an app, from the moment a green instance runs its first hook. */
export interface DeployBudget {
  /** BeforeInstall to ValidateService on a green instance (measured). */
  readonly hooksSeconds: number;
  /** Until the load balancer sees a green instance healthy (the service's `timeToHealthy`). */
  readonly greenHealthySeconds: number;
  /** Until a blue instance stops taking requests: the deregistration delay. */
  readonly blueDrainSeconds: number;
  /** Traffic is on green: hooks + green healthy + blue drain. */
  readonly trafficMovedSeconds: number;
  /** CodeDeploy keeps blue this long after traffic moved. */
  readonly blueWaitSeconds: number;
  /** The pipeline's deploy action ends: traffic moved + the blue termination wait. */
  readonly deployActionEndsSeconds: number;
}

/** What a deployment waits for on the load balancer (a `BlueGreenService` has both). */
export interface LoadBalancerTimings {
  /** A new instance answering until the load balancer counts it healthy. */
  readonly timeToHealthy: Duration;
  /** How long a deregistering instance keeps its in-flight requests. */
  readonly deregistrationDelay: Duration;
}

/** The budget of an app from its load balancer timings and the measured hooks. */
export function deployBudget(
  timings: LoadBalancerTimings,
  hooksSeconds: number,
  /** How long CodeDeploy keeps the blue instances after traffic moved (the fleet's terminationWait). */
  blueWait: Duration,
): DeployBudget {
  const greenHealthySeconds = timings.timeToHealthy.toSeconds();
  const blueDrainSeconds = timings.deregistrationDelay.toSeconds();
  const blueWaitSeconds = blueWait.toSeconds();
  const trafficMovedSeconds = hooksSeconds + greenHealthySeconds + blueDrainSeconds;
  return {
    hooksSeconds,
    greenHealthySeconds,
    blueDrainSeconds,
    trafficMovedSeconds,
    blueWaitSeconds,
    deployActionEndsSeconds: trafficMovedSeconds + blueWaitSeconds,
  };
}

/** `45.2 s`, `2 min 05 s`: seconds for people. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
