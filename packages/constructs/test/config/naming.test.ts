import { Naming, ScalingDirection } from '../../src';

describe('Naming', () => {
  const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });

  test('target group name is ${project}-${environment}-${app}-tg', () => {
    expect(naming.targetGroupName('api')).toBe('comptastar-dev-api-tg');
    expect(naming.targetGroupName('web')).toBe('comptastar-dev-web-tg');
  });

  test('scaling policy names carry the CPU threshold', () => {
    expect(naming.scalingPolicyName(ScalingDirection.UP, 70)).toBe('scale-up-70percent');
    expect(naming.scalingPolicyName(ScalingDirection.DOWN, 30)).toBe('scale-down-30percent');
    expect(naming.scalingPolicyName(ScalingDirection.UP, 85)).toBe('scale-up-85percent');
  });

  test('SSM path is /{environment}/{app}/ without the project name', () => {
    expect(naming.ssmPath('api')).toBe('/dev/api/');
    expect(naming.ssmParameterName('web', 'DATABASE_URL')).toBe('/dev/web/DATABASE_URL');
    expect(naming.ssmPath('api')).not.toContain('comptastar');
  });

  test('resource names share one prefix per app and differ per environment', () => {
    const prod = new Naming({ projectName: 'comptastar', environment: 'production' });
    expect(naming.resourcePrefix('api')).toBe('comptastar-dev-api');
    expect(prod.loadBalancerName('api')).toBe('comptastar-production-api-lb');
    expect(prod.deploymentGroupName('web')).toBe('comptastar-production-web-bg');
    expect(prod.stackName()).not.toBe(naming.stackName());
    expect(naming.scalingAlarmName('api', ScalingDirection.UP, 70)).toBe(
      'comptastar-dev-api-cpu-up-70percent',
    );
    expect(naming.applicationLogGroupName('api')).toBe('/comptastar/dev/api/application');
  });

  test("the fleet's own names stay apart from the app's SSM path and from its CPU alarms", () => {
    const ssmProject = new Naming({ projectName: 'ssmtools', environment: 'dev' });
    // SSM rejects names that start with aws or ssm, whatever the project is called
    expect(ssmProject.fleetStateParameterName('api')).toBe('/fleet/ssmtools-dev-api-fleet/desired-state');
    expect(naming.fleetStateParameterName('api').startsWith(naming.ssmPath('api'))).toBe(false);
    // the fleet deletes stale alarms under its CPU prefix: its own alarms must not match it
    for (const name of [naming.fleetErrorsAlarmName('api'), naming.fleetFailedRunsAlarmName('api')]) {
      expect(name.startsWith(naming.scalingAlarmNamePrefix('api'))).toBe(false);
    }
  });

  test('log groups the log key names: one per app role, one per environment, and the WAF prefix AWS requires', () => {
    expect(naming.fleetHandlerLogGroupName('api')).toBe('/comptastar/dev/api/fleet-handler');
    expect(naming.fleetProviderLogGroupName('web')).toBe('/comptastar/dev/web/fleet-provider');
    expect(naming.flowLogGroupName()).toBe('/comptastar/dev/vpc/flow-logs');
    expect(naming.buildLogGroupName()).toBe('/comptastar/dev/pipeline/build');
    expect(naming.webAclLogGroupName('api')).toBe('aws-waf-logs-comptastar-dev-api');
    expect(naming.webAclName('web')).toBe('comptastar-dev-web-waf');
    expect(naming.webAclBlockedAlarmName('web')).toBe('comptastar-dev-web-waf-blocked');
  });

  test.each([
    ['Dev', 'environment "Dev" is invalid'],
    ['dev_1', 'environment "dev_1" is invalid'],
    ['dev-', 'environment "dev-" is invalid'],
    ['1dev', 'environment "1dev" is invalid'],
    ['awsdev', 'environment "awsdev" must not start with "aws"'],
    ['ssm', 'environment "ssm" must not start with "ssm"'],
    ['', 'environment is required'],
  ])('environment %j is rejected', (environment, message) => {
    expect(() => new Naming({ projectName: 'comptastar', environment })).toThrow(message);
  });

  test('project name must be a valid name', () => {
    expect(() => new Naming({ projectName: 'Compta Star', environment: 'dev' })).toThrow(
      'projectName "Compta Star" is invalid: use lowercase letters, digits and single hyphens',
    );
  });
});
