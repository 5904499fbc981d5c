import { Naming, ScalingDirection } from './naming';
import * as rules from './rules';

/** Target group health check of an app. */
export interface HealthCheckConfig {
  /**
   * Path the load balancer requests on each instance.
   * @default - the app's default: `/api/v1/health` for api, `/api/health` for web
   */
  readonly path?: string;

  /**
   * Seconds between two checks (5 to 300). A new green instance is healthy after about
   * healthyThreshold x interval + one interval, on every traffic move: 5 s gives 15 s.
   * @default 5
   */
  readonly intervalSeconds?: number;

  /**
   * Seconds without an answer after which a check fails (2 to 120, below the interval).
   * @default 4
   */
  readonly timeoutSeconds?: number;

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
   * Length in seconds of one scale-up alarm period (10, 30 or a multiple of 60).
   * @default 60
   */
  readonly scaleUpPeriodSeconds?: number;

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
   * Length in seconds of one scale-down alarm period (10, 30 or a multiple of 60).
   * @default 300
   */
  readonly scaleDownPeriodSeconds?: number;

  /**
   * Consecutive periods below the threshold before scaling down (1 to 100).
   * @default 2
   */
  readonly scaleDownEvaluationPeriods?: number;

  /**
   * Seconds after a scaling activity before another can start (0 to 3600).
   * @default 300
   */
  readonly cooldownSeconds?: number;
}

/** Everything that differs between two apps of the monorepo. */
export interface ServiceConfig {
  /**
   * Name of the app: its folder under `apps/` in the application repository (`api`, `web`).
   * Lowercase letters, digits and hyphens. Apps other than `api` and `web` have no defaults and
   * must set port, healthCheck.path, pathPattern and startCommand.
   */
  readonly appName: string;

  /**
   * Port the app listens on (1 to 65535).
   * @default - 3001 for api, 3000 for web
   */
  readonly port?: number;

  /**
   * Health check settings.
   * @default - the app's health path, 5 s interval, 4 s timeout, thresholds 2/3, matcher 200
   */
  readonly healthCheck?: HealthCheckConfig;

  /**
   * Listener path pattern forwarded to the app; other paths get a 404.
   * @default - `/api/*` for api, `/*` for web
   */
  readonly pathPattern?: string;

  /**
   * EC2 instance type.
   * @default - `t3.small` for api, `t3.micro` for web
   */
  readonly instanceType?: string;

  /**
   * Capacity and CPU scaling.
   * @default - 1 to 4 instances, +1 above 70 % CPU for 2 x 1 min, -1 below 30 % for 2 x 5 min, 5 min cooldown
   */
  readonly scaling?: ScalingConfig;

  /**
   * Seconds the load balancer waits for in-flight requests before removing an instance (0 to 3600).
   * Every traffic move waits for it in full (the target stays `draining` until it elapses). It must
   * exceed the app's longest request: the example apps answer in well under a second; raise it for
   * an app with long requests (uploads, reports).
   * @default 5
   */
  readonly deregistrationDelaySeconds?: number;

  /**
   * Command that builds the app, run from the application repository root.
   * @default "pnpm run build"
   */
  readonly buildCommand?: string;

  /**
   * Command that starts the app on an instance.
   * @default - `pnpm run start:prod` for api, `pnpm run start` for web
   */
  readonly startCommand?: string;
}

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
  /** Build command. */
  readonly buildCommand: string;
  /** Start command. */
  readonly startCommand: string;
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

interface AppDefaults {
  readonly port: number;
  readonly healthCheckPath: string;
  readonly pathPattern: string;
  readonly instanceType: string;
  readonly startCommand: string;
}

/** ComptaStar's per-app values: ports, health paths, path patterns, instance types and commands. */
const APP_DEFAULTS: { [appName: string]: AppDefaults } = {
  api: {
    port: 3001,
    healthCheckPath: '/api/v1/health',
    pathPattern: '/api/*',
    instanceType: 't3.small',
    startCommand: 'pnpm run start:prod',
  },
  web: {
    port: 3000,
    healthCheckPath: '/api/health',
    pathPattern: '/*',
    instanceType: 't3.micro',
    startCommand: 'pnpm run start',
  },
};

/** Resolves and validates service configurations. */
export class ServiceConfigs {
  /** Apps that have built-in defaults. */
  public static readonly KNOWN_APPS: string[] = Object.keys(APP_DEFAULTS);

  /**
   * Applies the defaults to a service configuration, validates it and builds its names.
   *
   * @throws Error listing every problem, each naming the field, the value and the allowed range
   */
  public static resolve(naming: Naming, config: ServiceConfig): ResolvedServiceConfig {
    const appProblems = rules.validateName('appName', config.appName);
    if (appProblems.length > 0) {
      throw new Error(ServiceConfigs.message(naming, config.appName, appProblems));
    }
    const base = APP_DEFAULTS[config.appName];
    const required: Array<[string, unknown]> = [
      ['port', config.port],
      ['healthCheck.path', config.healthCheck?.path],
      ['pathPattern', config.pathPattern],
      ['startCommand', config.startCommand],
    ];
    const missing = base ? [] : required.filter(([, value]) => value === undefined).map(([field]) => field);
    if (missing.length > 0) {
      throw new Error(
        ServiceConfigs.message(naming, config.appName, [
          `appName "${config.appName}" has no defaults (apps with defaults: ${ServiceConfigs.KNOWN_APPS.join(', ')}); set ${missing.join(', ')}`,
        ]),
      );
    }
    const resolved = ServiceConfigs.applyDefaults(naming, config, base);
    const problems = ServiceConfigs.validate(resolved);
    if (problems.length > 0) {
      throw new Error(ServiceConfigs.message(naming, config.appName, problems));
    }
    return resolved;
  }

  private static applyDefaults(
    naming: Naming,
    c: ServiceConfig,
    base: AppDefaults | undefined,
  ): ResolvedServiceConfig {
    const hc = c.healthCheck ?? {};
    const s = c.scaling ?? {};
    const minCapacity = s.minCapacity ?? 1;
    const scaleUpCpuPercent = s.scaleUpCpuPercent ?? 70;
    const scaleDownCpuPercent = s.scaleDownCpuPercent ?? 30;
    return {
      appName: c.appName,
      port: c.port ?? base!.port,
      healthCheck: {
        path: hc.path ?? base!.healthCheckPath,
        intervalSeconds: hc.intervalSeconds ?? 5,
        timeoutSeconds: hc.timeoutSeconds ?? 4,
        healthyThreshold: hc.healthyThreshold ?? 2,
        unhealthyThreshold: hc.unhealthyThreshold ?? 3,
        matcher: hc.matcher ?? '200',
      },
      pathPattern: c.pathPattern ?? base!.pathPattern,
      instanceType: c.instanceType ?? base?.instanceType ?? 't3.small',
      scaling: {
        minCapacity,
        maxCapacity: s.maxCapacity ?? Math.max(4, minCapacity),
        desiredCapacity: s.desiredCapacity ?? minCapacity,
        scaleUpCpuPercent,
        scaleUpPeriodSeconds: s.scaleUpPeriodSeconds ?? 60,
        scaleUpEvaluationPeriods: s.scaleUpEvaluationPeriods ?? 2,
        scaleDownCpuPercent,
        scaleDownPeriodSeconds: s.scaleDownPeriodSeconds ?? 300,
        scaleDownEvaluationPeriods: s.scaleDownEvaluationPeriods ?? 2,
        cooldownSeconds: s.cooldownSeconds ?? 300,
      },
      deregistrationDelaySeconds: c.deregistrationDelaySeconds ?? 5,
      buildCommand: c.buildCommand ?? 'pnpm run build',
      startCommand: c.startCommand ?? base!.startCommand,
      targetGroupName: naming.targetGroupName(c.appName),
      loadBalancerName: naming.loadBalancerName(c.appName),
      ssmPath: naming.ssmPath(c.appName),
      scaleUpPolicyName: naming.scalingPolicyName(ScalingDirection.UP, scaleUpCpuPercent),
      scaleDownPolicyName: naming.scalingPolicyName(ScalingDirection.DOWN, scaleDownCpuPercent),
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
      ...rules.validateIntRange('healthCheck.intervalSeconds', hc.intervalSeconds, 5, 300, 'seconds'),
      ...rules.validateIntRange('healthCheck.timeoutSeconds', hc.timeoutSeconds, 2, 120, 'seconds'),
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
      ...rules.validateAlarmPeriod('scaling.scaleUpPeriodSeconds', s.scaleUpPeriodSeconds),
      ...rules.validateAlarmPeriod('scaling.scaleDownPeriodSeconds', s.scaleDownPeriodSeconds),
      ...rules.validateIntRange('scaling.scaleUpEvaluationPeriods', s.scaleUpEvaluationPeriods, 1, 100),
      ...rules.validateIntRange('scaling.scaleDownEvaluationPeriods', s.scaleDownEvaluationPeriods, 1, 100),
      ...rules.validateIntRange('scaling.cooldownSeconds', s.cooldownSeconds, 0, 3600, 'seconds'),
      ...rules.validateIntRange(
        'deregistrationDelaySeconds',
        r.deregistrationDelaySeconds,
        0,
        3600,
        'seconds',
      ),
      ...rules.validateCommand('buildCommand', r.buildCommand),
      ...rules.validateCommand('startCommand', r.startCommand),
    ];
    if (hc.timeoutSeconds >= hc.intervalSeconds) {
      problems.push(
        `healthCheck.timeoutSeconds (${hc.timeoutSeconds}) must be below healthCheck.intervalSeconds (${hc.intervalSeconds})`,
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
