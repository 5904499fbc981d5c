import { Duration } from 'aws-cdk-lib';

/** Target group health check of an app. */
export interface HealthCheckConfig {
  /** Path the load balancer requests on each instance, e.g. `/healthz` (the app answers 200 when ready). */
  readonly path: string;

  /**
   * Time between two checks (5 to 300 seconds). A new green instance is healthy after about
   * healthyThreshold x interval + one interval, on every traffic move: 5 s gives 15 s.
   * @default Duration.seconds(5)
   */
  readonly interval?: Duration;

  /**
   * Time without an answer after which a check fails (2 to 120 seconds, below the interval).
   * @default Duration.seconds(4)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive successes before an instance is healthy (2 to 10; 2 is the fastest the load
   * balancer allows).
   * @default 2
   */
  readonly healthyThreshold?: number;

  /**
   * Consecutive failures before an instance is unhealthy (2 to 10). With the 5 s interval, 3
   * failures in a row (15 s) are needed: one slow answer or a pause does not take an instance out.
   * @default 3
   */
  readonly unhealthyThreshold?: number;

  /**
   * HTTP codes that count as healthy: `200`, `200,204` or `200-299` (codes 200 to 499).
   * @default "200"
   */
  readonly matcher?: string;
}

/** Capacity and CPU Simple Scaling of an app's Auto Scaling group. */
export interface ScalingConfig {
  /**
   * Minimum number of instances (1 to 100).
   * @default 1
   */
  readonly minCapacity?: number;

  /**
   * Maximum number of instances (1 to 100, at least minCapacity).
   * @default 4
   */
  readonly maxCapacity?: number;

  /**
   * Number of instances at creation (between minCapacity and maxCapacity). Later deployments
   * keep the count the group has scaled to unless this value changes.
   * @default - minCapacity
   */
  readonly desiredCapacity?: number;

  /**
   * Average CPU percent above which one instance is added (1 to 99).
   * @default 70
   */
  readonly scaleUpCpuPercent?: number;

  /**
   * Length of one scale-up alarm period (10 s, 30 s or a whole number of minutes).
   * @default Duration.minutes(1)
   */
  readonly scaleUpPeriod?: Duration;

  /**
   * Consecutive periods above the threshold before scaling up (1 to 100).
   * @default 2
   */
  readonly scaleUpEvaluationPeriods?: number;

  /**
   * Average CPU percent below which one instance is removed (1 to 99, below scaleUpCpuPercent).
   * @default 30
   */
  readonly scaleDownCpuPercent?: number;

  /**
   * Length of one scale-down alarm period (10 s, 30 s or a whole number of minutes).
   * @default Duration.minutes(5)
   */
  readonly scaleDownPeriod?: Duration;

  /**
   * Consecutive periods below the threshold before scaling down (1 to 100).
   * @default 2
   */
  readonly scaleDownEvaluationPeriods?: number;

  /**
   * Time after a scaling activity before another can start (0 to 3600 seconds).
   * @default Duration.minutes(5)
   */
  readonly cooldown?: Duration;
}

/**
 * Everything that differs between two apps of the monorepo: what `BlueGreenService` (and a
 * `Fleet` on its own) takes as `service`. Only `appName`, `port` and `healthCheck.path` are
 * required; the defaults suit a small web app deployed in seconds.
 *
 * @example
 * const backend: ServiceConfig = {
 *   appName: 'backend',
 *   port: 8080,
 *   healthCheck: { path: '/healthz', interval: Duration.seconds(10) },
 *   pathPattern: '/v2/*',
 *   instanceType: 't3.medium',
 *   scaling: { minCapacity: 2, maxCapacity: 8, scaleUpCpuPercent: 60 },
 *   deregistrationDelay: Duration.seconds(30),
 * };
 */
export interface ServiceConfig {
  /**
   * Name of the app: its folder under `apps/` in the application repository, its process name on
   * the instances and part of every resource name. Lowercase letters, digits and hyphens.
   */
  readonly appName: string;

  /** Port the app listens on (1 to 65535); the instances get it as `PORT`. */
  readonly port: number;

  /** Health check of the target group; `path` is required. */
  readonly healthCheck: HealthCheckConfig;

  /**
   * Requests the app's load balancer forwards to it (an ALB path pattern, e.g. `/v2/*`). Each app
   * has its own load balancer; a request to any other path gets a 404 from the load balancer.
   * @default "/*"
   */
  readonly pathPattern?: string;

  /**
   * EC2 instance type.
   * @default "t3.small"
   */
  readonly instanceType?: string;

  /**
   * Capacity and CPU scaling.
   * @default - 1 to 4 instances, +1 above 70 % CPU for 2 x 1 min, -1 below 30 % for 2 x 5 min, 5 min cooldown
   */
  readonly scaling?: ScalingConfig;

  /**
   * Time the load balancer waits for in-flight requests before removing an instance (0 to 3600
   * seconds). Every traffic move waits for it in full (the target stays `draining` until it
   * elapses). It must exceed the app's longest request: raise it for an app with long requests
   * (uploads, reports).
   * @default Duration.seconds(5)
   */
  readonly deregistrationDelay?: Duration;
}
