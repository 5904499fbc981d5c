import { Naming } from '../../src';
import { ResourceNames, ScalingDirection } from '../../src/config/resource-names';

describe('Naming', () => {
  const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });
  const names = ResourceNames.of(naming);

  test('one ResourceNames per Naming: every construct reads the same builder', () => {
    expect(ResourceNames.of(naming)).toBe(names);
    expect(ResourceNames.of(new Naming({ projectName: 'comptastar', environment: 'dev' }))).not.toBe(names);
  });

  test("an app's names for operations tooling are the ones its resources get", () => {
    expect(new Naming({ projectName: 'acme', environment: 'prod' }).appResourceNames('backend')).toEqual({
      appName: 'backend',
      codeDeployApplication: 'acme-prod-backend',
      deploymentGroup: 'acme-prod-backend-bg',
      targetGroup: 'acme-prod-backend-tg',
      loadBalancer: 'acme-prod-backend-lb',
      alarmPrefix: 'acme-prod-backend-',
      applicationLogGroup: '/acme/prod/backend/application',
      deploymentLogGroup: '/acme/prod/backend/deployment',
      ssmPath: '/prod/backend/',
    });
    // every alarm of the app carries the prefix
    const app = naming.appResourceNames('api');
    for (const alarm of [
      names.targetErrorsAlarmName('api'),
      names.unhealthyHostsAlarmName('api'),
      names.fleetErrorsAlarmName('api'),
      names.fleetFailedRunsAlarmName('api'),
      names.webAclBlockedAlarmName('api'),
      names.scalingAlarmName('api', ScalingDirection.UP, 70),
    ]) {
      expect(alarm.startsWith(app.alarmPrefix)).toBe(true);
    }
  });

  test("an environment's shared names for operations tooling", () => {
    expect(new Naming({ projectName: 'acme', environment: 'prod' }).environmentResourceNames()).toEqual({
      stack: 'acme-prod',
      pipeline: 'acme-prod-pipeline',
      buildProject: 'acme-prod-build',
      notificationTopic: 'acme-prod-notifications',
      sourceConnection: 'acme-prod-github',
    });
  });

  test('every environment-wide and per-app physical name carries the environment, so environments coexist', () => {
    const qa = ResourceNames.of(new Naming({ projectName: 'comptastar', environment: 'qa' }));
    // Scaling policy names live inside one Auto Scaling group; revision artifacts inside one pipeline.
    const scoped = new Set(['scalingPolicyName', 'revisionArtifactName']);
    const methods = Object.getOwnPropertyNames(ResourceNames.prototype).filter(
      (m) => m !== 'constructor' && !scoped.has(m) && typeof (qa as any)[m] === 'function',
    );
    expect(methods.length).toBeGreaterThan(30);
    for (const method of methods) {
      const name: string = (qa as any)[method]('api', 'up', 70);
      expect([method, name.includes('qa')]).toEqual([method, true]);
    }
    expect(qa.naming.stackName()).toBe('comptastar-qa');
    expect(qa.naming.ssmPath('api')).toBe('/qa/api/');
  });

  test('target group name is ${project}-${environment}-${app}-tg', () => {
    expect(names.targetGroupName('api')).toBe('comptastar-dev-api-tg');
    expect(names.targetGroupName('web')).toBe('comptastar-dev-web-tg');
  });

  test('scaling policy names carry the CPU threshold', () => {
    expect(names.scalingPolicyName(ScalingDirection.UP, 70)).toBe('scale-up-70percent');
    expect(names.scalingPolicyName(ScalingDirection.DOWN, 30)).toBe('scale-down-30percent');
    expect(names.scalingPolicyName(ScalingDirection.UP, 85)).toBe('scale-up-85percent');
  });

  test('SSM path is /{environment}/{app}/ without the project name', () => {
    expect(naming.ssmPath('api')).toBe('/dev/api/');
    expect(naming.ssmParameterName('web', 'DATABASE_URL')).toBe('/dev/web/DATABASE_URL');
    expect(naming.ssmPath('api')).not.toContain('comptastar');
  });

  test('resource names share one prefix per app and differ per environment', () => {
    const prod = new Naming({ projectName: 'comptastar', environment: 'production' });
    expect(names.resourcePrefix('api')).toBe('comptastar-dev-api');
    expect(ResourceNames.of(prod).loadBalancerName('api')).toBe('comptastar-production-api-lb');
    expect(ResourceNames.of(prod).deploymentGroupName('web')).toBe('comptastar-production-web-bg');
    expect(prod.stackName()).not.toBe(naming.stackName());
    expect(names.scalingAlarmName('api', ScalingDirection.UP, 70)).toBe(
      'comptastar-dev-api-cpu-up-70percent',
    );
    expect(names.applicationLogGroupName('api')).toBe('/comptastar/dev/api/application');
  });

  test("the fleet's own names stay apart from the app's SSM path and from its CPU alarms", () => {
    const ssmProject = new Naming({ projectName: 'ssmtools', environment: 'dev' });
    // SSM rejects names that start with aws or ssm, whatever the project is called
    expect(ResourceNames.of(ssmProject).fleetStateParameterName('api')).toBe(
      '/fleet/ssmtools-dev-api-fleet/desired-state',
    );
    expect(names.fleetStateParameterName('api').startsWith(naming.ssmPath('api'))).toBe(false);
    // the fleet deletes stale alarms under its CPU prefix: its own alarms must not match it
    for (const name of [names.fleetErrorsAlarmName('api'), names.fleetFailedRunsAlarmName('api')]) {
      expect(name.startsWith(names.scalingAlarmNamePrefix('api'))).toBe(false);
    }
  });

  test('log groups the log key names: one per app role, one per environment, and the WAF prefix AWS requires', () => {
    expect(names.fleetHandlerLogGroupName('api')).toBe('/comptastar/dev/api/fleet-handler');
    expect(names.fleetProviderLogGroupName('web')).toBe('/comptastar/dev/web/fleet-provider');
    expect(names.flowLogGroupName()).toBe('/comptastar/dev/vpc/flow-logs');
    expect(names.buildLogGroupName()).toBe('/comptastar/dev/pipeline/build');
    expect(names.webAclLogGroupName('api')).toBe('aws-waf-logs-comptastar-dev-api');
    expect(names.webAclName('web')).toBe('comptastar-dev-web-waf');
    expect(names.webAclBlockedAlarmName('web')).toBe('comptastar-dev-web-waf-blocked');
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
