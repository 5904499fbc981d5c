import { InvalidDesiredStateError, parseDesiredState } from '../../src/fleet/handler/parse-desired-state';

/** Properties as CloudFormation passes them: every scalar a string. */
function cfnProperties(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fleetId: 'app-fleet',
    tagKeys: { fleet: 'app:fleet', desiredConfig: 'app:desired-config' },
    autoScalingGroupName: 'app-asg',
    copyGroupPrefix: 'CodeDeploy_app-bg_',
    alarmNamePrefix: 'app-cpu-',
    launchTemplateId: 'lt-1',
    launchTemplateVersion: '3',
    subnetIds: ['subnet-a'],
    targetGroupArn: 'arn:tg',
    targetGroupName: 'app-tg',
    minSize: '1',
    maxSize: '4',
    desiredCapacity: '2',
    healthCheckGracePeriodSeconds: '120',
    tags: [{ key: 'Name', value: '' }],
    policies: [
      {
        policyName: 'scale-up-70percent',
        scalingAdjustment: '-1',
        cooldownSeconds: '300',
        alarmName: 'app-cpu-up-70percent',
        statistic: 'Average',
        threshold: '70.5',
        comparisonOperator: 'GreaterThanThreshold',
        periodSeconds: '60',
        evaluationPeriods: '2',
      },
    ],
    deploymentGroup: {
      applicationName: 'app',
      deploymentGroupName: 'app-bg',
      serviceRoleArn: 'arn:role',
      terminationWaitMinutes: '15',
      rollbackAlarmNames: ['app-5xx'],
    },
    ...overrides,
  };
}

describe('parseDesiredState', () => {
  test('turns the strings CloudFormation sends into numbers', () => {
    const state = parseDesiredState(cfnProperties());
    expect(state).toMatchObject({
      minSize: 1,
      maxSize: 4,
      desiredCapacity: 2,
      healthCheckGracePeriodSeconds: 120,
    });
    expect(state.policies[0]).toMatchObject({ scalingAdjustment: -1, threshold: 70.5, periodSeconds: 60 });
    expect(state.deploymentGroup.terminationWaitMinutes).toBe(15);
    expect(state.tags).toEqual([{ key: 'Name', value: '' }]);
  });

  test('accepts numbers (the EventBridge rule input is plain JSON)', () => {
    expect(parseDesiredState(cfnProperties({ minSize: 2, desiredCapacity: 3 }))).toMatchObject({
      minSize: 2,
      desiredCapacity: 3,
    });
  });

  test('treats missing rollback alarms as none', () => {
    const props = cfnProperties();
    const dg = { ...(props.deploymentGroup as object), rollbackAlarmNames: undefined };
    expect(parseDesiredState({ ...props, deploymentGroup: dg }).deploymentGroup.rollbackAlarmNames).toEqual(
      [],
    );
  });

  test('lists every problem at once, each naming the property', () => {
    const props = cfnProperties({
      fleetId: '',
      minSize: 'one',
      maxSize: '1.5',
      subnetIds: 'subnet-a',
      policies: [{}],
    });
    let error: Error | undefined;
    try {
      parseDesiredState(props);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(InvalidDesiredStateError);
    const lines = error!.message
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ''));
    expect(lines).toEqual(
      expect.arrayContaining([
        'fleetId must be a non-empty string (got "")',
        'minSize must be a number (got "one")',
        'maxSize is "1.5"; allowed: an integer from 0 to 10000',
        'subnetIds must be a list (got "subnet-a")',
        'policies[0].policyName must be a non-empty string (got undefined)',
        'policies[0].threshold must be a number (got undefined)',
        'subnetIds must list at least one subnet',
      ]),
    );
  });

  test.each<[Record<string, unknown>, string]>([
    [{ minSize: '5', desiredCapacity: '5' }, 'minSize (5) must not exceed maxSize (4)'],
    [{ desiredCapacity: '9' }, 'desiredCapacity (9) must be between minSize (1) and maxSize (4)'],
    [{ deploymentGroup: 'x' }, 'deploymentGroup must be an object (got "x")'],
  ])('rejects %j', (overrides, message) => {
    expect(() => parseDesiredState(cfnProperties(overrides))).toThrow(message);
  });

  test('rejects a value that is not an object', () => {
    expect(() => parseDesiredState('{}')).toThrow('properties must be an object (got "{}")');
  });
});

describe('a desired state stored by a release before tag keys travelled in it', () => {
  const { tagKeys: _dropped, ...old } = cfnProperties();
  afterEach(() => delete process.env.FLEET_TAG_KEYS);

  test("is read with the handler's own tag keys (the rollback of an upgrade, a scheduled run in between)", () => {
    process.env.FLEET_TAG_KEYS = JSON.stringify({
      fleet: 'acme:fleet',
      desiredConfig: 'acme:desired-config',
    });
    expect(parseDesiredState(old).tagKeys).toEqual({
      fleet: 'acme:fleet',
      desiredConfig: 'acme:desired-config',
    });
  });

  test('without them in the handler either, the error names the missing property', () => {
    expect(() => parseDesiredState(old)).toThrow(InvalidDesiredStateError);
    expect(() => parseDesiredState(old)).toThrow(/tagKeys/);
  });
});
