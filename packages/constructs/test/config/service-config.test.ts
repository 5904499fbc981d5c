import { Duration } from 'aws-cdk-lib';
import { Naming, ServiceConfig } from '../../src';
import { ServiceConfigs } from '../../src/config/resolved-service-config';
import { ResourceNames } from '../../src/config/resource-names';

const dev = new Naming({ projectName: 'comptastar', environment: 'dev' });
const resolve = (config: ServiceConfig, naming = dev) => ServiceConfigs.resolve(naming, config);

const API: ServiceConfig = { appName: 'api', port: 3001, healthCheck: { path: '/api/v1/health' } };

describe('ServiceConfigs defaults', () => {
  test('an app gives its port and health path; nothing else depends on its name', () => {
    const backend = resolve({ appName: 'backend', port: 8080, healthCheck: { path: '/healthz' } });
    const api = resolve(API);
    for (const [app, config] of [
      ['backend', backend],
      ['api', api],
    ] as const) {
      expect(config).toMatchObject({
        pathPattern: '/*',
        instanceType: 't3.small',
        targetGroupName: `comptastar-dev-${app}-tg`,
        ssmPath: `/dev/${app}/`,
      });
    }
    expect(backend.port).toBe(8080);
    expect(backend.healthCheck.path).toBe('/healthz');
  });

  test('scaling defaults: +1 above 70% for 2 x 1 min, -1 below 30% for 2 x 5 min, 5 min cooldown', () => {
    const { scaling, scaleUpPolicyName, scaleDownPolicyName } = resolve(API);
    expect(scaling).toEqual({
      minCapacity: 1,
      maxCapacity: 4,
      desiredCapacity: 1,
      scaleUpCpuPercent: 70,
      scaleUpPeriodSeconds: 60,
      scaleUpEvaluationPeriods: 2,
      scaleDownCpuPercent: 30,
      scaleDownPeriodSeconds: 300,
      scaleDownEvaluationPeriods: 2,
      cooldownSeconds: 300,
    });
    expect(scaleUpPolicyName).toBe('scale-up-70percent');
    expect(scaleDownPolicyName).toBe('scale-down-30percent');
  });

  test('health checks default to fast blue/green steps: 5 s interval, thresholds 2/3, 5 s drain', () => {
    const api = resolve(API);
    expect(api.healthCheck).toEqual({
      path: '/api/v1/health',
      intervalSeconds: 5,
      timeoutSeconds: 4,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      matcher: '200',
    });
    expect(api.deregistrationDelaySeconds).toBe(5);
  });

  test('overrides win and policy names follow the configured thresholds', () => {
    const api = resolve({
      ...API,
      instanceType: 't3.medium',
      scaling: {
        minCapacity: 2,
        maxCapacity: 6,
        scaleUpCpuPercent: 80,
        scaleDownCpuPercent: 20,
        scaleUpPeriod: Duration.seconds(30),
        cooldown: Duration.minutes(2),
      },
      healthCheck: { path: '/ready', interval: Duration.seconds(15), matcher: '200-299' },
      deregistrationDelay: Duration.seconds(30),
    });
    expect(api.instanceType).toBe('t3.medium');
    expect(api.scaling).toMatchObject({ minCapacity: 2, maxCapacity: 6, desiredCapacity: 2 });
    expect(api.scaleUpPolicyName).toBe('scale-up-80percent');
    expect(api.scaleDownPolicyName).toBe('scale-down-20percent');
    expect(api.healthCheck).toMatchObject({
      path: '/ready',
      intervalSeconds: 15,
      timeoutSeconds: 4,
      matcher: '200-299',
    });
    expect(api.scaling).toMatchObject({ scaleUpPeriodSeconds: 30, cooldownSeconds: 120 });
    expect(api.deregistrationDelaySeconds).toBe(30);
  });

  test('a larger minimum raises the default maximum with it', () => {
    expect(resolve({ ...API, scaling: { minCapacity: 6 } }).scaling.maxCapacity).toBe(6);
  });
});

describe('ServiceConfigs validation', () => {
  test.each<[string, ServiceConfig, string]>([
    ['port 0', { ...API, port: 0 }, 'port is 0; allowed: an integer from 1 to 65535'],
    ['port 70000', { ...API, port: 70000 }, 'port is 70000; allowed: an integer from 1 to 65535'],
    [
      'min > max',
      { ...API, scaling: { minCapacity: 3, maxCapacity: 2 } },
      'scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)',
    ],
    [
      'desired > max',
      { ...API, scaling: { maxCapacity: 2, desiredCapacity: 3 } },
      'scaling.desiredCapacity (3) must be between scaling.minCapacity (1) and scaling.maxCapacity (2)',
    ],
    [
      'desired < min',
      { ...API, scaling: { minCapacity: 2, desiredCapacity: 1 } },
      'scaling.desiredCapacity (1) must be between scaling.minCapacity (2) and scaling.maxCapacity (4)',
    ],
    [
      'scale-down not below scale-up',
      { ...API, scaling: { scaleDownCpuPercent: 80, scaleUpCpuPercent: 70 } },
      'scaling.scaleDownCpuPercent (80) must be below scaling.scaleUpCpuPercent (70)',
    ],
    [
      'threshold 100',
      { ...API, scaling: { scaleUpCpuPercent: 100 } },
      'scaling.scaleUpCpuPercent is 100 percent; allowed: an integer from 1 to 99 percent',
    ],
    [
      'threshold 0',
      { ...API, scaling: { scaleDownCpuPercent: 0 } },
      'scaling.scaleDownCpuPercent is 0 percent; allowed: an integer from 1 to 99 percent',
    ],
    [
      'timeout not below interval',
      { ...API, healthCheck: { path: '/h', interval: Duration.seconds(5), timeout: Duration.seconds(5) } },
      'healthCheck.timeout (5 s) must be below healthCheck.interval (5 s)',
    ],
    [
      'interval 301',
      { ...API, healthCheck: { path: '/h', interval: Duration.seconds(301) } },
      'healthCheck.interval is 301 seconds; allowed: an integer from 5 to 300 seconds',
    ],
    [
      'healthy threshold 1',
      { ...API, healthCheck: { path: '/h', healthyThreshold: 1 } },
      'healthCheck.healthyThreshold is 1; allowed: an integer from 2 to 10',
    ],
    [
      'health path without /',
      { ...API, healthCheck: { path: 'health' } },
      'healthCheck.path "health" must start with "/"',
    ],
    ['path pattern without /', { ...API, pathPattern: 'api/*' }, 'pathPattern "api/*" must start with "/"'],
    [
      'path pattern with a space',
      { ...API, pathPattern: '/a b' },
      'pathPattern "/a b" must be at most 128 characters',
    ],
    [
      'matcher 600',
      { ...API, healthCheck: { path: '/h', matcher: '600' } },
      'healthCheck.matcher "600" is invalid',
    ],
    ['instance type', { ...API, instanceType: 'small' }, 'instanceType "small" is not an EC2 instance type'],
    [
      'alarm period 45',
      { ...API, scaling: { scaleUpPeriod: Duration.seconds(45) } },
      'scaling.scaleUpPeriod is 45 seconds; allowed: 10, 30 or a multiple of 60',
    ],
    [
      'cooldown 2 hours',
      { ...API, scaling: { cooldown: Duration.hours(2) } },
      'scaling.cooldown is 7200 seconds; allowed: an integer from 0 to 3600 seconds',
    ],
    [
      'deregistration 4000',
      { ...API, deregistrationDelay: Duration.seconds(4000) },
      'deregistrationDelay is 4000 seconds',
    ],
    ['app name with capitals', { ...API, appName: 'Api' }, 'appName "Api" is invalid'],
    [
      'app without port or health path',
      { appName: 'worker' } as unknown as ServiceConfig,
      'port and healthCheck.path must be set: the port the app listens on and its health path',
    ],
  ])('%s fails with a message naming the field', (_case, config, message) => {
    expect(() => resolve(config)).toThrow(message);
  });

  test('a 33-character target group name fails, naming the field, the length and the fix', () => {
    const naming = new Naming({ projectName: 'comptastar', environment: 'preproduction' });
    // comptastar-preproduction-api-tg is 31; "webapp" makes it 34, "abcde" 33
    expect(ResourceNames.of(naming).targetGroupName('abcde')).toHaveLength(33);
    expect(() => resolve({ appName: 'abcde', port: 1, healthCheck: { path: '/' } }, naming)).toThrow(
      'targetGroupName "comptastar-preproduction-abcde-tg" is 33 characters; the maximum is 32. Shorten projectName, environment or appName.',
    );
  });

  test('a 32-character target group name is accepted', () => {
    const naming = new Naming({ projectName: 'comptastar', environment: 'preproduction' });
    expect(
      resolve({ appName: 'abcd', port: 1, healthCheck: { path: '/' } }, naming).targetGroupName,
    ).toHaveLength(32);
  });

  test('every problem is reported at once, with the app and environment', () => {
    let message = '';
    try {
      resolve({ ...API, port: 0, scaling: { minCapacity: 3, maxCapacity: 2 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration of app "api" in environment "dev":/);
    expect(message).toContain('port is 0');
    expect(message).toContain('scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)');
  });
});
