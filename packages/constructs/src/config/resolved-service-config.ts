import { Duration } from 'aws-cdk-lib';
import { Naming } from './naming';
import { ResourceNames, ScalingDirection } from './resource-names';
import * as rules from './rules';
import { ServiceConfig } from './service-config';

// Internal: the service configuration after defaults and validation, shared by the constructs and
// their tests (imported by relative path, not exported from the package). Users pass
// `ServiceConfig`; what they need of the result is exposed as domain values on the constructs
// (e.g. `BlueGreenService.timeToHealthy`).

/** A health check with every default applied. */
export interface ResolvedHealthCheck {
  /** Path requested on each instance. */
  readonly path: string;
  /** Seconds between two checks. */
  readonly intervalSeconds: number;
  /** Seconds before a check fails. */
  readonly timeoutSeconds: number;
  /** Consecutive successes before healthy. */
  readonly healthyThreshold: number;
  /** Consecutive failures before unhealthy. */
  readonly unhealthyThreshold: number;
  /** HTTP codes counted as healthy. */
  readonly matcher: string;
}

/** Scaling with every default applied. */
export interface ResolvedScaling {
  /** Minimum instances. */
  readonly minCapacity: number;
  /** Maximum instances. */
  readonly maxCapacity: number;
  /** Instances at creation. */
  readonly desiredCapacity: number;
  /** CPU percent above which to add an instance. */
  readonly scaleUpCpuPercent: number;
  /** Seconds per scale-up alarm period. */
  readonly scaleUpPeriodSeconds: number;
  /** Scale-up evaluation periods. */
  readonly scaleUpEvaluationPeriods: number;
  /** CPU percent below which to remove an instance. */
  readonly scaleDownCpuPercent: number;
  /** Seconds per scale-down alarm period. */
  readonly scaleDownPeriodSeconds: number;
  /** Scale-down evaluation periods. */
  readonly scaleDownEvaluationPeriods: number;
  /** Cooldown in seconds. */
  readonly cooldownSeconds: number;
}

/** A validated service configuration with every default applied and every name built. */
export interface ResolvedServiceConfig {
  /** App name. */
  readonly appName: string;
  /** Port the app listens on. */
  readonly port: number;
  /** Health check. */
  readonly healthCheck: ResolvedHealthCheck;
  /** Listener path pattern. */
  readonly pathPattern: string;
  /** EC2 instance type. */
  readonly instanceType: string;
  /** Capacity and scaling. */
  readonly scaling: ResolvedScaling;
  /** Deregistration delay in seconds. */
  readonly deregistrationDelaySeconds: number;
  /** Target group name, `${project}-${environment}-${app}-tg`. */
  readonly targetGroupName: string;
  /** Load balancer name. */
  readonly loadBalancerName: string;
  /** SSM path `/${environment}/${app}/`. */
  readonly ssmPath: string;
  /** Name of the scale-up policy, e.g. `scale-up-70percent`. */
  readonly scaleUpPolicyName: string;
  /** Name of the scale-down policy, e.g. `scale-down-30percent`. */
  readonly scaleDownPolicyName: string;
}

/** Resolves and validates service configurations. */
export class ServiceConfigs {
  /**
   * Applies the defaults to a service configuration, validates it and builds its names.
   *
   * @throws Error listing every problem, each naming the field, the value and the allowed range
   */
  public static resolve(naming: Naming, config: ServiceConfig): ResolvedServiceConfig {
    const appProblems = rules.validateName('appName', config.appName);
    const missing = [
      ...(config.port === undefined ? ['port'] : []),
      ...(config.healthCheck?.path === undefined ? ['healthCheck.path'] : []),
    ];
    if (missing.length > 0) {
      appProblems.push(
        `${missing.join(' and ')} must be set: the port the app listens on and its health path`,
      );
    }
    if (appProblems.length > 0) {
      throw new Error(ServiceConfigs.message(naming, config.appName, appProblems));
    }
    const durationProblems: string[] = [];
    const resolved = ServiceConfigs.applyDefaults(naming, config, durationProblems);
    const problems = [...durationProblems, ...ServiceConfigs.validate(resolved)];
    if (problems.length > 0) {
      throw new Error(ServiceConfigs.message(naming, config.appName, problems));
    }
    return resolved;
  }

  private static applyDefaults(naming: Naming, c: ServiceConfig, problems: string[]): ResolvedServiceConfig {
    const hc = c.healthCheck;
    const s = c.scaling ?? {};
    const seconds = (field: string, value: Duration | undefined, fallback: number) =>
      wholeSeconds(field, value, fallback, problems);
    const minCapacity = s.minCapacity ?? 1;
    const scaleUpCpuPercent = s.scaleUpCpuPercent ?? 70;
    const scaleDownCpuPercent = s.scaleDownCpuPercent ?? 30;
    const names = ResourceNames.of(naming);
    return {
      appName: c.appName,
      port: c.port,
      healthCheck: {
        path: hc.path,
        intervalSeconds: seconds('healthCheck.interval', hc.interval, 5),
        timeoutSeconds: seconds('healthCheck.timeout', hc.timeout, 4),
        healthyThreshold: hc.healthyThreshold ?? 2,
        unhealthyThreshold: hc.unhealthyThreshold ?? 3,
        matcher: hc.matcher ?? '200',
      },
      pathPattern: c.pathPattern ?? '/*',
      instanceType: c.instanceType ?? 't3.small',
      scaling: {
        minCapacity,
        maxCapacity: s.maxCapacity ?? Math.max(4, minCapacity),
        desiredCapacity: s.desiredCapacity ?? minCapacity,
        scaleUpCpuPercent,
        scaleUpPeriodSeconds: seconds('scaling.scaleUpPeriod', s.scaleUpPeriod, 60),
        scaleUpEvaluationPeriods: s.scaleUpEvaluationPeriods ?? 2,
        scaleDownCpuPercent,
        scaleDownPeriodSeconds: seconds('scaling.scaleDownPeriod', s.scaleDownPeriod, 300),
        scaleDownEvaluationPeriods: s.scaleDownEvaluationPeriods ?? 2,
        cooldownSeconds: seconds('scaling.cooldown', s.cooldown, 300),
      },
      deregistrationDelaySeconds: seconds('deregistrationDelay', c.deregistrationDelay, 5),
      targetGroupName: names.targetGroupName(c.appName),
      loadBalancerName: names.loadBalancerName(c.appName),
      ssmPath: naming.ssmPath(c.appName),
      scaleUpPolicyName: names.scalingPolicyName(ScalingDirection.UP, scaleUpCpuPercent),
      scaleDownPolicyName: names.scalingPolicyName(ScalingDirection.DOWN, scaleDownCpuPercent),
    };
  }

  private static validate(r: ResolvedServiceConfig): string[] {
    const hc = r.healthCheck;
    const s = r.scaling;
    const shorten = 'Shorten projectName, environment or appName.';
    const problems = [
      ...rules.validateElbName('targetGroupName', r.targetGroupName, shorten),
      ...rules.validateElbName('loadBalancerName', r.loadBalancerName, shorten),
      ...rules.validateIntRange('port', r.port, 1, 65535),
      ...rules.validateUrlPath('healthCheck.path', hc.path, 1024),
      ...rules.validateIntRange('healthCheck.interval', hc.intervalSeconds, 5, 300, 'seconds'),
      ...rules.validateIntRange('healthCheck.timeout', hc.timeoutSeconds, 2, 120, 'seconds'),
      ...rules.validateIntRange('healthCheck.healthyThreshold', hc.healthyThreshold, 2, 10),
      ...rules.validateIntRange('healthCheck.unhealthyThreshold', hc.unhealthyThreshold, 2, 10),
      ...rules.validateHttpMatcher('healthCheck.matcher', hc.matcher),
      ...rules.validatePathPattern('pathPattern', r.pathPattern),
      ...rules.validateInstanceType('instanceType', r.instanceType),
      ...rules.validateIntRange('scaling.minCapacity', s.minCapacity, 1, 100),
      ...rules.validateIntRange('scaling.maxCapacity', s.maxCapacity, 1, 100),
      ...rules.validateIntRange('scaling.desiredCapacity', s.desiredCapacity, 1, 100),
      ...rules.validateIntRange('scaling.scaleUpCpuPercent', s.scaleUpCpuPercent, 1, 99, 'percent'),
      ...rules.validateIntRange('scaling.scaleDownCpuPercent', s.scaleDownCpuPercent, 1, 99, 'percent'),
      ...rules.validateAlarmPeriod('scaling.scaleUpPeriod', s.scaleUpPeriodSeconds),
      ...rules.validateAlarmPeriod('scaling.scaleDownPeriod', s.scaleDownPeriodSeconds),
      ...rules.validateIntRange('scaling.scaleUpEvaluationPeriods', s.scaleUpEvaluationPeriods, 1, 100),
      ...rules.validateIntRange('scaling.scaleDownEvaluationPeriods', s.scaleDownEvaluationPeriods, 1, 100),
      ...rules.validateIntRange('scaling.cooldown', s.cooldownSeconds, 0, 3600, 'seconds'),
      ...rules.validateIntRange('deregistrationDelay', r.deregistrationDelaySeconds, 0, 3600, 'seconds'),
    ];
    if (hc.timeoutSeconds >= hc.intervalSeconds) {
      problems.push(
        `healthCheck.timeout (${hc.timeoutSeconds} s) must be below healthCheck.interval (${hc.intervalSeconds} s)`,
      );
    }
    if (s.minCapacity > s.maxCapacity) {
      problems.push(
        `scaling.minCapacity (${s.minCapacity}) must not exceed scaling.maxCapacity (${s.maxCapacity})`,
      );
    }
    if (s.desiredCapacity < s.minCapacity || s.desiredCapacity > s.maxCapacity) {
      problems.push(
        `scaling.desiredCapacity (${s.desiredCapacity}) must be between scaling.minCapacity (${s.minCapacity}) and scaling.maxCapacity (${s.maxCapacity})`,
      );
    }
    if (s.scaleDownCpuPercent >= s.scaleUpCpuPercent) {
      problems.push(
        `scaling.scaleDownCpuPercent (${s.scaleDownCpuPercent}) must be below scaling.scaleUpCpuPercent (${s.scaleUpCpuPercent})`,
      );
    }
    return problems;
  }

  private static message(naming: Naming, appName: string, problems: string[]): string {
    return `Invalid configuration of app "${appName}" in environment "${naming.environment}":\n  - ${problems.join('\n  - ')}`;
  }
}

/**
 * The deployment budget's time from a new instance answering until the load balancer routes to
 * it: (healthyThreshold + 1) x interval, i.e. healthyThreshold consecutive successful checks
 * (HealthyThresholdCount, "Health checks for Application Load Balancer target groups", Elastic
 * Load Balancing user guide) plus up to one interval before the first check. An upper bound: the
 * same page says a newly registered target must pass one health check to be considered healthy.
 */
export function timeToHealthy(healthCheck: ResolvedHealthCheck): Duration {
  return Duration.seconds((healthCheck.healthyThreshold + 1) * healthCheck.intervalSeconds);
}

/** A Duration as whole seconds (the unit AWS takes), or the fallback; a fraction is a problem. */
function wholeSeconds(
  field: string,
  value: Duration | undefined,
  fallback: number,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds)) {
    problems.push(`${field} is ${seconds} seconds; AWS takes whole seconds`);
    return Math.round(seconds);
  }
  return seconds;
}
