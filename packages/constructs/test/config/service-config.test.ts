import { Naming, ServiceConfig, ServiceConfigs } from '../../src';

const dev = new Naming({ projectName: 'comptastar', environment: 'dev' });
const resolve = (config: ServiceConfig, naming = dev) => ServiceConfigs.resolve(naming, config);

describe('ServiceConfigs defaults', () => {
  test('api follows the seed: 3001, /api/v1/health, /api/*, t3.small, pnpm run start:prod', () => {
    const api = resolve({ appName: 'api' });
    expect(api).toMatchObject({
      port: 3001,
      pathPattern: '/api/*',
      instanceType: 't3.small',
      buildCommand: 'pnpm run build',
      startCommand: 'pnpm run start:prod',
      targetGroupName: 'comptastar-dev-api-tg',
      ssmPath: '/dev/api/',
    });
    expect(api.healthCheck.path).toBe('/api/v1/health');
  });

  test('web follows the seed: 3000, /api/health, /*, t3.micro, pnpm run start', () => {
    const web = resolve({ appName: 'web' });
    expect(web).toMatchObject({
      port: 3000,
      pathPattern: '/*',
      instanceType: 't3.micro',
      startCommand: 'pnpm run start',
    });
    expect(web.healthCheck.path).toBe('/api/health');
  });

  test('scaling follows the seed: +1 above 70% for 2 x 1 min, -1 below 30% for 2 x 5 min, 5 min cooldown', () => {
    const { scaling, scaleUpPolicyName, scaleDownPolicyName } = resolve({ appName: 'api' });
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
    const api = resolve({ appName: 'api' });
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
      appName: 'api',
      instanceType: 't3.medium',
      scaling: { minCapacity: 2, maxCapacity: 6, scaleUpCpuPercent: 80, scaleDownCpuPercent: 20 },
      healthCheck: { intervalSeconds: 15, matcher: '200-299' },
    });
    expect(api.instanceType).toBe('t3.medium');
    expect(api.scaling).toMatchObject({ minCapacity: 2, maxCapacity: 6, desiredCapacity: 2 });
    expect(api.scaleUpPolicyName).toBe('scale-up-80percent');
    expect(api.scaleDownPolicyName).toBe('scale-down-20percent');
    expect(api.healthCheck).toMatchObject({ intervalSeconds: 15, timeoutSeconds: 4, matcher: '200-299' });
  });

  test('a larger minimum raises the default maximum with it', () => {
    expect(resolve({ appName: 'web', scaling: { minCapacity: 6 } }).scaling.maxCapacity).toBe(6);
  });

  test('an app without defaults is accepted when it sets what has no default', () => {
    const worker = resolve({
      appName: 'admin',
      port: 3002,
      healthCheck: { path: '/health' },
      pathPattern: '/admin/*',
      startCommand: 'node dist/main.js',
    });
    expect(worker).toMatchObject({
      port: 3002,
      instanceType: 't3.small',
      targetGroupName: 'comptastar-dev-admin-tg',
    });
  });
});

describe('ServiceConfigs validation', () => {
  test.each<[string, ServiceConfig, string]>([
    ['port 0', { appName: 'api', port: 0 }, 'port is 0; allowed: an integer from 1 to 65535'],
    ['port 70000', { appName: 'api', port: 70000 }, 'port is 70000; allowed: an integer from 1 to 65535'],
    [
      'min > max',
      { appName: 'api', scaling: { minCapacity: 3, maxCapacity: 2 } },
      'scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)',
    ],
    [
      'desired > max',
      { appName: 'api', scaling: { maxCapacity: 2, desiredCapacity: 3 } },
      'scaling.desiredCapacity (3) must be between scaling.minCapacity (1) and scaling.maxCapacity (2)',
    ],
    [
      'desired < min',
      { appName: 'api', scaling: { minCapacity: 2, desiredCapacity: 1 } },
      'scaling.desiredCapacity (1) must be between scaling.minCapacity (2) and scaling.maxCapacity (4)',
    ],
    [
      'scale-down not below scale-up',
      { appName: 'api', scaling: { scaleDownCpuPercent: 80, scaleUpCpuPercent: 70 } },
      'scaling.scaleDownCpuPercent (80) must be below scaling.scaleUpCpuPercent (70)',
    ],
    [
      'threshold 100',
      { appName: 'api', scaling: { scaleUpCpuPercent: 100 } },
      'scaling.scaleUpCpuPercent is 100 percent; allowed: an integer from 1 to 99 percent',
    ],
    [
      'threshold 0',
      { appName: 'api', scaling: { scaleDownCpuPercent: 0 } },
      'scaling.scaleDownCpuPercent is 0 percent; allowed: an integer from 1 to 99 percent',
    ],
    [
      'timeout not below interval',
      { appName: 'api', healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } },
      'healthCheck.timeoutSeconds (5) must be below healthCheck.intervalSeconds (5)',
    ],
    [
      'interval 301',
      { appName: 'api', healthCheck: { intervalSeconds: 301 } },
      'healthCheck.intervalSeconds is 301 seconds; allowed: an integer from 5 to 300 seconds',
    ],
    [
      'healthy threshold 1',
      { appName: 'api', healthCheck: { healthyThreshold: 1 } },
      'healthCheck.healthyThreshold is 1; allowed: an integer from 2 to 10',
    ],
    [
      'health path without /',
      { appName: 'api', healthCheck: { path: 'health' } },
      'healthCheck.path "health" must start with "/"',
    ],
    [
      'path pattern without /',
      { appName: 'api', pathPattern: 'api/*' },
      'pathPattern "api/*" must start with "/"',
    ],
    [
      'path pattern with a space',
      { appName: 'api', pathPattern: '/a b' },
      'pathPattern "/a b" must be at most 128 characters',
    ],
    [
      'matcher 600',
      { appName: 'api', healthCheck: { matcher: '600' } },
      'healthCheck.matcher "600" is invalid',
    ],
    [
      'instance type',
      { appName: 'api', instanceType: 'small' },
      'instanceType "small" is not an EC2 instance type',
    ],
    [
      'alarm period 45',
      { appName: 'api', scaling: { scaleUpPeriodSeconds: 45 } },
      'scaling.scaleUpPeriodSeconds is 45 seconds; allowed: 10, 30 or a multiple of 60',
    ],
    [
      'cooldown -1',
      { appName: 'api', scaling: { cooldownSeconds: -1 } },
      'scaling.cooldownSeconds is -1 seconds; allowed: an integer from 0 to 3600 seconds',
    ],
    [
      'deregistration 4000',
      { appName: 'api', deregistrationDelaySeconds: 4000 },
      'deregistrationDelaySeconds is 4000 seconds',
    ],
    [
      'empty start command',
      { appName: 'api', startCommand: ' ' },
      'startCommand must be a non-empty single-line command',
    ],
    ['app name with capitals', { appName: 'Api' }, 'appName "Api" is invalid'],
    [
      'app without defaults',
      { appName: 'worker' },
      'appName "worker" has no defaults (apps with defaults: api, web); set port, healthCheck.path, pathPattern, startCommand',
    ],
  ])('%s fails with a message naming the field', (_case, config, message) => {
    expect(() => resolve(config)).toThrow(message);
  });

  test('a 33-character target group name fails, naming the field, the length and the fix', () => {
    const naming = new Naming({ projectName: 'comptastar', environment: 'preproduction' });
    // comptastar-preproduction-api-tg is 31; "webapp" makes it 34, "abcde" 33
    expect(naming.targetGroupName('abcde')).toHaveLength(33);
    expect(() =>
      resolve(
        { appName: 'abcde', port: 1, healthCheck: { path: '/' }, pathPattern: '/*', startCommand: 'x' },
        naming,
      ),
    ).toThrow(
      'targetGroupName "comptastar-preproduction-abcde-tg" is 33 characters; the maximum is 32. Shorten projectName, environment or appName.',
    );
  });

  test('a 32-character target group name is accepted', () => {
    const naming = new Naming({ projectName: 'comptastar', environment: 'preproduction' });
    expect(
      resolve(
        { appName: 'abcd', port: 1, healthCheck: { path: '/' }, pathPattern: '/*', startCommand: 'x' },
        naming,
      ).targetGroupName,
    ).toHaveLength(32);
  });

  test('every problem is reported at once, with the app and environment', () => {
    let message = '';
    try {
      resolve({ appName: 'api', port: 0, scaling: { minCapacity: 3, maxCapacity: 2 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration of app "api" in environment "dev":/);
    expect(message).toContain('port is 0');
    expect(message).toContain('scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)');
  });
});
