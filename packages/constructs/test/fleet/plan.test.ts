import { DesiredState, PolicySpec } from '../../src/fleet/handler/desired-state';
import {
  Action,
  ActiveDeployment,
  DELETING_STATUS,
  deploymentGroupConfig,
  desiredCountChange,
  desiredTags,
  ObservedGroup,
  ObservedState,
  planDelete,
  PlanPhase,
  planReconcile,
  selectLiveGroup,
} from '../../src/fleet/handler/plan';

const COPY = 'CodeDeploy_app-bg_d-1';
/** The fleet's own tag keys: the desired state carries them (the handler has none of its own). */
const FLEET_TAG_KEY = 'app:fleet';
const DESIRED_CONFIG_TAG_KEY = 'app:desired-config';

function desiredState(overrides: Partial<DesiredState> = {}): DesiredState {
  const policy = (up: boolean): PolicySpec => ({
    policyName: up ? 'scale-up-70percent' : 'scale-down-30percent',
    scalingAdjustment: up ? 1 : -1,
    cooldownSeconds: 300,
    alarmName: up ? 'app-cpu-up-70percent' : 'app-cpu-down-30percent',
    statistic: 'Average',
    threshold: up ? 70 : 30,
    comparisonOperator: up ? 'GreaterThanThreshold' : 'LessThanThreshold',
    periodSeconds: up ? 60 : 300,
    evaluationPeriods: 2,
  });
  return {
    fleetId: 'app-fleet',
    tagKeys: { fleet: FLEET_TAG_KEY, desiredConfig: DESIRED_CONFIG_TAG_KEY },
    autoScalingGroupName: 'app-asg',
    copyGroupPrefix: 'CodeDeploy_app-bg_',
    alarmNamePrefix: 'app-cpu-',
    launchTemplateId: 'lt-1',
    launchTemplateVersion: '3',
    subnetIds: ['subnet-b', 'subnet-a'],
    targetGroupArn: 'arn:tg/app',
    targetGroupName: 'app-tg',
    minSize: 1,
    maxSize: 4,
    desiredCapacity: 1,
    healthCheckGracePeriodSeconds: 120,
    tags: [{ key: 'comptastar:app', value: 'app' }],
    policies: [policy(true), policy(false)],
    deploymentGroup: {
      applicationName: 'app',
      deploymentGroupName: 'app-bg',
      serviceRoleArn: 'arn:role/codedeploy',
      terminationWaitMinutes: 15,
      rollbackAlarmNames: [],
    },
    ...overrides,
  };
}

/** A group exactly as the fleet leaves it. */
function groupInState(
  desired: DesiredState,
  name: string,
  overrides: Partial<ObservedGroup> = {},
): ObservedGroup {
  return {
    name,
    createdTime: 1000,
    minSize: desired.minSize,
    maxSize: desired.maxSize,
    desiredCapacity: desired.desiredCapacity,
    launchTemplateId: desired.launchTemplateId,
    launchTemplateVersion: desired.launchTemplateVersion,
    healthCheckType: 'ELB',
    healthCheckGracePeriod: desired.healthCheckGracePeriodSeconds,
    subnetIds: ['subnet-a', 'subnet-b'],
    targetGroupArns: [desired.targetGroupArn],
    tags: Object.fromEntries(desiredTags(desired).map((t) => [t.key, t.value])),
    policies: desired.policies.map((p) => ({
      policyName: p.policyName,
      policyArn: `arn:policy/${name}/${p.policyName}`,
      policyType: 'SimpleScaling',
      adjustmentType: 'ChangeInCapacity',
      scalingAdjustment: p.scalingAdjustment,
      cooldown: p.cooldownSeconds,
    })),
    instanceIds: [`i-${name}`],
    ...overrides,
  };
}

/** The fleet's first group as the fleet leaves it: no app yet, so EC2 health checks and no target group. */
function firstGroupInState(desired: DesiredState, overrides: Partial<ObservedGroup> = {}): ObservedGroup {
  return groupInState(desired, 'app-asg', { healthCheckType: 'EC2', targetGroupArns: [], ...overrides });
}

/** The whole fleet converged on `name`. */
function converged(
  desired: DesiredState,
  name = COPY,
  overrides: Partial<ObservedState> = {},
): ObservedState {
  return {
    groups: [groupInState(desired, name)],
    alarms: desired.policies.map((p) => ({
      alarmName: p.alarmName,
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      statistic: p.statistic,
      dimensions: [{ name: 'AutoScalingGroupName', value: name }],
      threshold: p.threshold,
      comparisonOperator: p.comparisonOperator,
      period: p.periodSeconds,
      evaluationPeriods: p.evaluationPeriods,
      alarmActions: [`arn:policy/${name}/${p.policyName}`],
    })),
    deploymentGroup: deploymentGroupConfig(desired, name),
    activeDeployments: [],
    healthyInstanceIds: [],
    ...overrides,
  };
}

function actionsOf(
  desired: DesiredState,
  observed: ObservedState,
  previousDesiredCapacity?: number,
): Action[] {
  const plan = planReconcile(desired, observed, { previousDesiredCapacity });
  if (plan.kind !== 'apply') throw new Error(`expected an apply plan, got ${JSON.stringify(plan)}`);
  return plan.actions;
}

const types = (actions: Action[]) => actions.map((a) => a.type);

describe('selectLiveGroup', () => {
  const desired = desiredState();

  test("prefers the deployment group's current group over a newer one", () => {
    const observed = converged(desired, 'app-asg', {
      groups: [
        groupInState(desired, 'app-asg', { createdTime: 1 }),
        groupInState(desired, COPY, { createdTime: 2 }),
      ],
    });
    expect(selectLiveGroup(desired, observed)?.group.name).toBe('app-asg');
  });

  test('falls back to the newest group when the deployment group names a group that is gone', () => {
    const observed = converged(desired, 'gone', {
      groups: [
        groupInState(desired, 'app-asg', { createdTime: 1 }),
        groupInState(desired, COPY, { createdTime: 2 }),
      ],
    });
    expect(selectLiveGroup(desired, observed)?.group.name).toBe(COPY);
  });

  test('falls back to the newest group when there is no deployment group, names breaking ties', () => {
    const observed = converged(desired, COPY, {
      deploymentGroup: undefined,
      groups: [
        groupInState(desired, 'b', { createdTime: 5 }),
        groupInState(desired, 'a', { createdTime: 5 }),
      ],
    });
    expect(selectLiveGroup(desired, observed)?.group.name).toBe('a');
  });

  test('never picks a group being deleted, even the deployment group one', () => {
    const observed = converged(desired, COPY, {
      groups: [
        groupInState(desired, COPY, { createdTime: 9, status: DELETING_STATUS }),
        groupInState(desired, 'app-asg', { createdTime: 1 }),
      ],
    });
    expect(selectLiveGroup(desired, observed)?.group.name).toBe('app-asg');
  });

  test('finds none when every group is gone or going', () => {
    expect(selectLiveGroup(desired, converged(desired, COPY, { groups: [] }))).toBeUndefined();
    expect(
      selectLiveGroup(
        desired,
        converged(desired, COPY, { groups: [groupInState(desired, COPY, { status: DELETING_STATUS })] }),
      ),
    ).toBeUndefined();
  });
});

describe('planReconcile', () => {
  const desired = desiredState();

  test('creates the first group (EC2 health checks, no target group), policies, alarms and the deployment group', () => {
    const plan = planReconcile(desired, {
      groups: [],
      alarms: [],
      activeDeployments: [],
      healthyInstanceIds: [],
    });

    expect(plan).toEqual({
      kind: 'apply',
      phase: PlanPhase.FULL,
      liveGroupName: 'app-asg',
      notes: [],
      actions: [
        {
          type: 'createGroup',
          groupName: 'app-asg',
          settings: {
            minSize: 1,
            maxSize: 4,
            desiredCapacity: 1,
            launchTemplate: { id: 'lt-1', version: '3' },
            healthCheckType: 'EC2',
            healthCheckGracePeriod: 120,
            subnetIds: ['subnet-a', 'subnet-b'],
          },
          tags: [
            { key: FLEET_TAG_KEY, value: 'app-fleet', propagateAtLaunch: true },
            { key: DESIRED_CONFIG_TAG_KEY, value: '1', propagateAtLaunch: false },
            { key: 'comptastar:app', value: 'app', propagateAtLaunch: true },
          ],
        },
        { type: 'putPolicy', groupName: 'app-asg', policy: desired.policies[0] },
        { type: 'putAlarm', groupName: 'app-asg', policy: desired.policies[0] },
        { type: 'putPolicy', groupName: 'app-asg', policy: desired.policies[1] },
        { type: 'putAlarm', groupName: 'app-asg', policy: desired.policies[1] },
        { type: 'createDeploymentGroup', config: deploymentGroupConfig(desired, 'app-asg') },
      ],
    });
  });

  test('plans nothing when the live group, policies, alarms and deployment group match', () => {
    expect(actionsOf(desired, converged(desired))).toEqual([]);
  });

  test('points a deployment group that names a vanished group at a new group, never the dead name', () => {
    const observed: ObservedState = { ...converged(desired, 'gone'), groups: [], alarms: [] };
    const actions = actionsOf(desired, observed);
    expect(types(actions)).toEqual([
      'createGroup',
      'putPolicy',
      'putAlarm',
      'putPolicy',
      'putAlarm',
      'updateDeploymentGroup',
    ]);
    expect(actions[5]).toEqual({
      type: 'updateDeploymentGroup',
      config: deploymentGroupConfig(desired, 'app-asg'),
    });
    expect(JSON.stringify(actions)).not.toContain('gone');
  });

  test.each<[string, Partial<ObservedGroup>, object]>([
    ['minimum', { minSize: 2, desiredCapacity: 2 }, { minSize: 1 }],
    ['maximum', { maxSize: 8 }, { maxSize: 4 }],
    [
      'launch template version',
      { launchTemplateVersion: '2' },
      { launchTemplate: { id: 'lt-1', version: '3' } },
    ],
    ['launch template id', { launchTemplateId: 'lt-0' }, { launchTemplate: { id: 'lt-1', version: '3' } }],
    ['health check type', { healthCheckType: 'EC2' }, { healthCheckType: 'ELB' }],
    ['health check grace period', { healthCheckGracePeriod: 300 }, { healthCheckGracePeriod: 120 }],
    ['subnets', { subnetIds: ['subnet-a'] }, { subnetIds: ['subnet-a', 'subnet-b'] }],
  ])('updates only the changed setting: %s', (_name, drift, settings) => {
    const observed = converged(desired, COPY, { groups: [groupInState(desired, COPY, drift)] });
    expect(actionsOf(desired, observed)).toEqual([{ type: 'updateGroup', groupName: COPY, settings }]);
  });

  test('keeps subnets listed in another order', () => {
    const observed = converged(desired, COPY, {
      groups: [groupInState(desired, COPY, { subnetIds: ['subnet-b', 'subnet-a'] })],
    });
    expect(actionsOf(desired, observed)).toEqual([]);
  });

  test('tags a copy that lacks the fleet tags, with only the missing or different ones', () => {
    const observed = converged(desired, COPY, {
      groups: [groupInState(desired, COPY, { tags: { 'comptastar:app': 'app', [FLEET_TAG_KEY]: 'other' } })],
    });
    expect(actionsOf(desired, observed)).toEqual([
      {
        type: 'tagGroup',
        groupName: COPY,
        tags: [
          { key: FLEET_TAG_KEY, value: 'app-fleet', propagateAtLaunch: true },
          { key: DESIRED_CONFIG_TAG_KEY, value: '1', propagateAtLaunch: false },
        ],
      },
    ]);
  });

  test('attaches the target group when the live group lost it', () => {
    const observed = converged(desired, COPY, {
      groups: [groupInState(desired, COPY, { targetGroupArns: ['arn:tg/other'] })],
    });
    expect(actionsOf(desired, observed)).toEqual([
      { type: 'attachTargetGroup', groupName: COPY, targetGroupArn: 'arn:tg/app' },
    ]);
  });

  test('puts a missing policy and rewrites its alarm (the ARN is new)', () => {
    const base = converged(desired);
    const group = { ...base.groups[0], policies: base.groups[0].policies.slice(1) };
    expect(actionsOf(desired, { ...base, groups: [group] })).toEqual([
      { type: 'putPolicy', groupName: COPY, policy: desired.policies[0] },
      { type: 'putAlarm', groupName: COPY, policy: desired.policies[0] },
    ]);
  });

  test.each<[string, object]>([
    ['cooldown', { cooldown: 60 }],
    ['adjustment', { scalingAdjustment: 2 }],
    ['adjustment type', { adjustmentType: 'PercentChangeInCapacity' }],
    ['policy type', { policyType: 'StepScaling' }],
  ])('replaces a policy whose %s changed, and its alarm', (_name, drift) => {
    const base = converged(desired);
    const group = {
      ...base.groups[0],
      policies: [{ ...base.groups[0].policies[0], ...drift }, base.groups[0].policies[1]],
    };
    expect(types(actionsOf(desired, { ...base, groups: [group] }))).toEqual(['putPolicy', 'putAlarm']);
  });

  test.each<[string, object]>([
    [
      'its dimension names a dead group',
      { dimensions: [{ name: 'AutoScalingGroupName', value: 'app-asg' }] },
    ],
    ['its action is a dead policy', { alarmActions: ['arn:policy/app-asg/scale-up-70percent'] }],
    ['its action is missing', { alarmActions: [] }],
    ['its threshold differs', { threshold: 80 }],
    ['its period differs', { period: 300 }],
    ['its evaluation periods differs', { evaluationPeriods: 5 }],
    ['its statistic differs', { statistic: 'Maximum' }],
    ['its comparison differs', { comparisonOperator: 'LessThanThreshold' }],
    ['its metric differs', { metricName: 'NetworkIn' }],
    ['its namespace differs', { namespace: 'Custom' }],
  ])('rewrites an alarm when %s', (_name, drift) => {
    const base = converged(desired);
    const alarms = [{ ...base.alarms[0], ...drift }, base.alarms[1]];
    expect(actionsOf(desired, { ...base, alarms })).toEqual([
      { type: 'putAlarm', groupName: COPY, policy: desired.policies[0] },
    ]);
  });

  test('writes a missing alarm', () => {
    const base = converged(desired);
    expect(actionsOf(desired, { ...base, alarms: base.alarms.slice(1) })).toEqual([
      { type: 'putAlarm', groupName: COPY, policy: desired.policies[0] },
    ]);
  });

  test('rewrites an alarm when the live policy has no ARN to compare', () => {
    const base = converged(desired);
    const group = {
      ...base.groups[0],
      policies: [{ ...base.groups[0].policies[0], policyArn: undefined }, base.groups[0].policies[1]],
    };
    expect(types(actionsOf(desired, { ...base, groups: [group] }))).toEqual(['putAlarm']);
  });

  test('replaces the policy and alarm of a changed threshold and deletes the stale ones', () => {
    const before = converged(desired);
    const next = desiredState({
      policies: [
        {
          ...desired.policies[0],
          policyName: 'scale-up-80percent',
          alarmName: 'app-cpu-up-80percent',
          threshold: 80,
        },
        desired.policies[1],
      ],
    });
    const actions = actionsOf(next, before);
    expect(actions).toEqual([
      { type: 'putPolicy', groupName: COPY, policy: next.policies[0] },
      { type: 'putAlarm', groupName: COPY, policy: next.policies[0] },
      { type: 'deleteAlarms', alarmNames: ['app-cpu-up-70percent'] },
      { type: 'deletePolicy', groupName: COPY, policyName: 'scale-up-70percent' },
    ]);
  });

  test('creates a missing deployment group on the live group', () => {
    expect(actionsOf(desired, converged(desired, COPY, { deploymentGroup: undefined }))).toEqual([
      { type: 'createDeploymentGroup', config: deploymentGroupConfig(desired, COPY) },
    ]);
  });

  test.each<[string, Partial<DesiredState['deploymentGroup']>]>([
    ['termination wait', { terminationWaitMinutes: 30 }],
    ['service role', { serviceRoleArn: 'arn:role/other' }],
    ['rollback alarms', { rollbackAlarmNames: ['app-5xx'] }],
  ])('updates the deployment group when its %s changed', (_name, change) => {
    const next = desiredState({ deploymentGroup: { ...desired.deploymentGroup, ...change } });
    expect(actionsOf(next, converged(desired))).toEqual([
      { type: 'updateDeploymentGroup', config: deploymentGroupConfig(next, COPY) },
    ]);
  });

  test('removes copies left by failed deployments after the deployment group points at the live group', () => {
    const live = firstGroupInState(desired, { createdTime: 1 });
    const strayCopy = groupInState(desired, COPY, { createdTime: 2 });
    const going = groupInState(desired, 'CodeDeploy_app-bg_d-0', { status: DELETING_STATUS });
    const observed = { ...converged(desired, 'app-asg'), groups: [live, strayCopy, going] };
    // the group's policies go with it (DeleteAutoScalingGroup)
    expect(actionsOf(desired, observed)).toEqual([{ type: 'deleteGroup', groupName: COPY }]);
  });

  test('moves the deployment group before deleting the group it named', () => {
    const observed = {
      ...converged(desired, COPY),
      deploymentGroup: deploymentGroupConfig(desired, 'app-asg'),
      groups: [
        groupInState(desired, 'app-asg', { createdTime: 1, status: DELETING_STATUS }),
        groupInState(desired, COPY, { createdTime: 2 }),
      ],
    };
    expect(actionsOf(desired, observed)).toEqual([
      { type: 'updateDeploymentGroup', config: deploymentGroupConfig(desired, COPY) },
    ]);
  });
});

describe('the first group, before the app has ever run', () => {
  const desired = desiredState();

  test('converged: EC2 health checks and no target group, so no replacement loop and no unhealthy target', () => {
    const observed = converged(desired, 'app-asg', { groups: [firstGroupInState(desired)] });
    expect(actionsOf(desired, observed)).toEqual([]);
  });

  test('a first group attached with ELB health checks (an earlier release) is detached and set to EC2', () => {
    const observed = converged(desired, 'app-asg', { groups: [groupInState(desired, 'app-asg')] });
    expect(actionsOf(desired, observed)).toEqual([
      { type: 'updateGroup', groupName: 'app-asg', settings: { healthCheckType: 'EC2' } },
      { type: 'detachTargetGroup', groupName: 'app-asg', targetGroupArn: 'arn:tg/app' },
    ]);
  });

  test('after the first deployment the copy gets ELB health checks and the target group', () => {
    const copy = groupInState(desired, COPY, { healthCheckType: 'EC2', targetGroupArns: [] });
    const observed = converged(desired, COPY, { groups: [copy] });
    expect(actionsOf(desired, observed)).toEqual([
      { type: 'updateGroup', groupName: COPY, settings: { healthCheckType: 'ELB' } },
      { type: 'attachTargetGroup', groupName: COPY, targetGroupArn: 'arn:tg/app' },
    ]);
  });
});

describe('during a deployment', () => {
  const desired = desiredState({ minSize: 2, maxSize: 8, launchTemplateVersion: '4' });
  const green = 'CodeDeploy_app-bg_d-7';
  const deploying = (trafficMoved: boolean, greenOverrides: Partial<ObservedGroup> = {}): ObservedState => {
    const base = converged(desired, COPY);
    const blue = groupInState(desiredState(), COPY); // serves with the state from before the update
    const copy = groupInState(desiredState(), green, {
      createdTime: 2000,
      tags: {},
      policies: [],
      targetGroupArns: [],
      ...greenOverrides,
    });
    const active: ActiveDeployment[] = [{ id: 'd-7', trafficMoved }];
    return { ...base, groups: [blue, copy], activeDeployments: active };
  };

  test('before traffic moves: nothing changes, neither group nor deployment group', () => {
    const plan = planReconcile(desired, deploying(false));
    expect(plan).toMatchObject({ kind: 'apply', phase: PlanPhase.DEPLOYMENT_BEFORE_TRAFFIC, actions: [] });
  });

  test('once traffic moved: the green copy gets tags, policies and alarms; nothing else changes', () => {
    const plan = planReconcile(desired, deploying(true));
    expect(plan).toMatchObject({
      kind: 'apply',
      phase: PlanPhase.DEPLOYMENT_TRAFFIC_MOVED,
      liveGroupName: green,
    });
    const actions = plan.kind === 'apply' ? plan.actions : [];
    expect(actions).toEqual([
      {
        type: 'tagGroup',
        groupName: green,
        tags: [
          { key: FLEET_TAG_KEY, value: 'app-fleet', propagateAtLaunch: true },
          // the count last applied, carried from the original: the end of the deployment applies the new one
          { key: DESIRED_CONFIG_TAG_KEY, value: '1', propagateAtLaunch: false },
          { key: 'comptastar:app', value: 'app', propagateAtLaunch: true },
        ],
      },
      { type: 'putPolicy', groupName: green, policy: desired.policies[0] },
      { type: 'putAlarm', groupName: green, policy: desired.policies[0] },
      { type: 'putPolicy', groupName: green, policy: desired.policies[1] },
      { type: 'putAlarm', groupName: green, policy: desired.policies[1] },
    ]);
    // never the original group, never the capacity or launch template, never a deletion
    expect(JSON.stringify(actions)).not.toContain(`"groupName":"${COPY}"`);
    expect(types(actions)).not.toContain('updateGroup');
    expect(types(actions)).not.toContain('updateDeploymentGroup');
  });

  test('once the green copy has its policies and alarms, a second run does nothing', () => {
    const base = deploying(true);
    const greenDone = groupInState(desired, green, { createdTime: 2000, targetGroupArns: [] });
    const observed: ObservedState = {
      ...base,
      groups: [base.groups[0], { ...greenDone, tags: { ...greenDone.tags, [DESIRED_CONFIG_TAG_KEY]: '1' } }],
      alarms: converged(desired, green).alarms,
    };
    expect(actionsOf(desired, observed)).toEqual([]);
  });

  test('traffic moved but the copy is not found: nothing changes', () => {
    const observed = { ...deploying(true), groups: [groupInState(desired, COPY)] };
    expect(actionsOf(desired, observed)).toEqual([]);
  });
});

describe('guard rails on the live group and removals', () => {
  const desired = desiredState();
  const serving = groupInState(desired, COPY, { createdTime: 1, instanceIds: ['i-serving'] });
  const failedCopy = groupInState(desired, 'CodeDeploy_app-bg_d-2', {
    createdTime: 2,
    instanceIds: ['i-failed'],
    targetGroupArns: [],
    policies: [],
  });

  test('without a deployment group, the group with healthy targets serves, not the newer failed copy', () => {
    const observed = converged(desired, COPY, {
      deploymentGroup: undefined,
      groups: [serving, failedCopy],
      healthyInstanceIds: ['i-serving'],
    });
    expect(selectLiveGroup(desired, observed)).toEqual({
      group: serving,
      reason: 'there is no deployment group; 1 of its instances are healthy in target group app-tg',
    });
    const plan = planReconcile(desired, observed);
    expect(plan.kind === 'apply' && plan.actions).toEqual([
      { type: 'createDeploymentGroup', config: deploymentGroupConfig(desired, COPY) },
      { type: 'deleteGroup', groupName: 'CodeDeploy_app-bg_d-2' },
    ]);
  });

  test('without health evidence, a group attached to the target group beats a newer one that is not', () => {
    const observed = converged(desired, COPY, { deploymentGroup: undefined, groups: [serving, failedCopy] });
    expect(selectLiveGroup(desired, observed)?.group.name).toBe(COPY);
  });

  test('never deletes a group with healthy targets while the live group has none, and says why', () => {
    const observed = converged(desired, 'CodeDeploy_app-bg_d-2', {
      groups: [serving, failedCopy],
      healthyInstanceIds: ['i-serving'],
    });
    const plan = planReconcile(desired, observed);
    if (plan.kind !== 'apply') throw new Error('expected apply');
    expect(types(plan.actions)).not.toContain('deleteGroup');
    expect(plan.notes).toContain(
      `kept group ${COPY}: 1 of its instances are healthy in target group app-tg and the live group CodeDeploy_app-bg_d-2 has none`,
    );
  });

  test('deletes a stray group with healthy targets once the live group serves too', () => {
    const live = groupInState(desired, 'CodeDeploy_app-bg_d-2', { createdTime: 2, instanceIds: ['i-live'] });
    const observed = converged(desired, 'CodeDeploy_app-bg_d-2', {
      groups: [serving, live],
      healthyInstanceIds: ['i-serving', 'i-live'],
    });
    const plan = planReconcile(desired, observed);
    expect(plan.kind === 'apply' && plan.actions.filter((a) => a.type === 'deleteGroup')).toEqual([
      { type: 'deleteGroup', groupName: COPY },
    ]);
  });
});

describe('desiredCountChange', () => {
  const desired = desiredState({ minSize: 2, maxSize: 6, desiredCapacity: 2 });
  const scaled = (count: number, tag: string | undefined = '2') =>
    groupInState(desired, COPY, {
      desiredCapacity: count,
      tags: tag === undefined ? {} : { [DESIRED_CONFIG_TAG_KEY]: tag },
    });

  test('keeps a count that scaling changed while the configuration did not', () => {
    expect(desiredCountChange(desired, scaled(5))).toBeUndefined();
    expect(desiredCountChange(desired, scaled(5), { previousDesiredCapacity: 2 })).toBeUndefined();
  });

  test('keeps the count of a copy that lacks the tag', () => {
    expect(desiredCountChange(desired, scaled(5, undefined))).toBeUndefined();
  });

  test('brings a kept count within new bounds', () => {
    expect(desiredCountChange(desired, scaled(9))).toBe(6);
    expect(desiredCountChange(desired, scaled(1))).toBe(2);
  });

  test('applies the configured count when the tag shows it changed', () => {
    expect(desiredCountChange(desired, scaled(5, '3'))).toBe(2);
  });

  test('applies the configured count when the previous properties show it changed', () => {
    expect(desiredCountChange(desired, scaled(5, undefined), { previousDesiredCapacity: 1 })).toBe(2);
  });

  test('changes nothing when the group already has the configured count', () => {
    expect(desiredCountChange(desired, scaled(2, '3'))).toBeUndefined();
  });

  test('a scaled count kept by planReconcile produces no update', () => {
    const observed = converged(desired, COPY, {
      groups: [groupInState(desired, COPY, { desiredCapacity: 5 })],
    });
    expect(actionsOf(desired, observed, 2)).toEqual([]);
  });
});

describe('planDelete', () => {
  const desired = desiredState();

  test('waits while deployments are in progress', () => {
    expect(
      planDelete(converged(desired, COPY, { activeDeployments: [{ id: 'd-9', trafficMoved: false }] })),
    ).toEqual({
      kind: 'wait',
      deploymentIds: ['d-9'],
    });
  });

  test('deletes the deployment group first, then the alarms, then every group (its policies go with it)', () => {
    const observed = {
      ...converged(desired),
      groups: [
        groupInState(desired, COPY),
        groupInState(desired, 'app-asg', { policies: [] }),
        groupInState(desired, 'CodeDeploy_app-bg_d-0', { status: DELETING_STATUS }),
      ],
    };
    expect(planDelete(observed)).toEqual({
      kind: 'apply',
      notes: [],
      actions: [
        { type: 'deleteDeploymentGroup' },
        { type: 'deleteAlarms', alarmNames: ['app-cpu-down-30percent', 'app-cpu-up-70percent'] },
        { type: 'deleteGroup', groupName: COPY },
        { type: 'deleteGroup', groupName: 'app-asg' },
      ],
    });
  });

  test('plans nothing when everything is gone (a second delete)', () => {
    expect(planDelete({ groups: [], alarms: [], activeDeployments: [], healthyInstanceIds: [] })).toEqual({
      kind: 'apply',
      actions: [],
      notes: [],
    });
  });
});

describe('deploymentGroupConfig', () => {
  test('is blue/green with a copied group, traffic control, rollback and the termination wait', () => {
    expect(deploymentGroupConfig(desiredState(), 'g')).toEqual({
      autoScalingGroups: ['g'],
      serviceRoleArn: 'arn:role/codedeploy',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
        greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 15 },
      },
      loadBalancerInfo: { targetGroupInfoList: [{ name: 'app-tg' }] },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
      alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    });
  });

  test('enables alarm rollback with the alarms sorted when there are some', () => {
    const desired = desiredState();
    const config = deploymentGroupConfig(
      {
        ...desired,
        deploymentGroup: { ...desired.deploymentGroup, rollbackAlarmNames: ['b-5xx', 'a-latency'] },
      },
      'g',
    );
    expect(config.alarmConfiguration).toEqual({
      enabled: true,
      ignorePollAlarmFailure: false,
      alarms: [{ name: 'a-latency' }, { name: 'b-5xx' }],
    });
  });
});
