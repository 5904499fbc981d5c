/**
 * The CodeDeploySimulator against moto (one moto_server for the file, reset before each test): each
 * behaviour it models, proved on moto's Auto Scaling, CloudWatch and ELBv2.
 *
 * What moto 5.2 does, found here and pinned by the first test ("moto facts"):
 * - Target health: DescribeTargetHealth without Targets lists only registered targets, each "healthy"
 *   (moto runs no health check; a registered but stopped instance would be "unused"). Asked about a
 *   deregistered (or never registered) instance, it answers "unused" / Target.NotRegistered.
 * - An Auto Scaling group created with (or attached to) TargetGroupARNs registers its instances in the
 *   target group at once (AWS: "Amazon EC2 Auto Scaling automatically registers your instance with the
 *   load balancer before it marks the instance as InService",
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-lifecycle.html). Unlike AWS,
 *   any capacity change of an attached group (SetDesiredCapacity, UpdateAutoScalingGroup) registers
 *   *every* instance of the group again, including those deregistered meanwhile (e.g. by BlockTraffic).
 * - Deleting a group (ForceDelete) terminates its instances but leaves them registered and "healthy" in
 *   the target group, and leaves the group's scaling policies and alarms.
 * - DeregisterTargets of a target that is not registered throws InvalidTargetException (AWS succeeds);
 *   RegisterTargets of a terminated instance throws InvalidTargetException.
 * - PutScalingPolicy answers no PolicyARN (DescribePolicies has it); policies are keyed by name only.
 * - PutMetricAlarm on an existing alarm resets its state (to OK).
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  PutScalingPolicyCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  ApplicationDoesNotExistException,
  BatchGetDeploymentTargetsCommand,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupInput,
  DeleteDeploymentGroupCommand,
  DeploymentAlreadyCompletedException,
  DeploymentDoesNotExistException,
  DeploymentGroupAlreadyExistsException,
  DeploymentGroupDoesNotExistException,
  DeploymentLimitExceededException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  InvalidAlarmConfigException,
  InvalidAutoScalingGroupException,
  InvalidBlueGreenDeploymentConfigurationException,
  InvalidRoleException,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CodeDeploySimulator,
  CodeDeploySimulatorOptions,
  createFleetPrerequisites,
  MotoFleetServices,
  SimulatedDeployment,
  startMoto,
} from '../src';

const APP = 'sim-app';
const DG = 'sim-dg';
const BLUE = 'sim-blue';
const TG_NAME = 'sim-tg';
const ROLLBACK_ALARM = 'sim-5xx';
const SCALE_UP = 'sim-scale-up';
/** An alarm whose only action is the original's policy: deleted with the group. */
const CPU_HIGH = 'sim-cpu-high';
/** An alarm with the policy and a topic: keeps the topic. */
const CPU_MIXED = 'sim-cpu-mixed';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';
const ROLE = 'arn:aws:iam::123456789012:role/codedeploy';

let services: MotoFleetServices;
let asg: AutoScalingClient;
let cw: CloudWatchClient;
let elb: ElasticLoadBalancingV2Client;
let world: {
  vpcId: string;
  subnetIds: string[];
  launchTemplateId: string;
  targetGroupArn: string;
  policyArn: string;
};

beforeAll(async () => {
  services = new MotoFleetServices(await startMoto());
  ({ autoScaling: asg, cloudWatch: cw, elbv2: elb } = services);
}, 60_000);

afterAll(async () => {
  await services?.stop();
});

/**
 * A launch template (the original runs version 2), a target group, the original group (2 instances,
 * attached to the target group, tagged), its scale-up policy, two alarms pointing at the policy and
 * the deployment's rollback alarm (no action).
 */
beforeEach(async () => {
  await services.moto.reset();
  const { vpcId, subnetIds, launchTemplateId, targetGroupArn } = await createFleetPrerequisites(services, {
    launchTemplateName: 'sim-lt',
    instanceTypes: ['t3.small', 't3.medium'],
    targetGroupName: TG_NAME,
    port: 8080,
  });
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: BLUE,
      LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: '2' },
      MinSize: 1,
      MaxSize: 4,
      DesiredCapacity: 2,
      VPCZoneIdentifier: subnetIds.join(','),
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 120,
      TargetGroupARNs: [targetGroupArn],
      Tags: [{ Key: 'sim:app', Value: 'api', PropagateAtLaunch: true }],
    }),
  );
  await asg.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: BLUE,
      PolicyName: SCALE_UP,
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: 1,
      Cooldown: 300,
    }),
  );
  const policyArn = (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: BLUE })))
    .ScalingPolicies![0].PolicyARN!;
  const alarm = (name: string, alarmActions: string[], okActions: string[] = []) =>
    cw.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: BLUE }],
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 70,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: alarmActions,
        OKActions: okActions,
      }),
    );
  await Promise.all([
    alarm(CPU_HIGH, [policyArn]),
    alarm(CPU_MIXED, [policyArn, TOPIC], [TOPIC]),
    alarm(ROLLBACK_ALARM, []),
  ]);
  world = { vpcId, subnetIds, launchTemplateId, targetGroupArn, policyArn };
});

// -- helpers ----------------------------------------------------------------------------------

function simulator(copy?: CodeDeploySimulatorOptions['copy']): CodeDeploySimulator {
  const sim = services.newCodeDeploySimulator(copy);
  sim.createApplication(APP);
  return sim;
}

/** The fleet's deployment group: blue/green, copy of BLUE, the target group, the rollback alarm. */
function dgInput(overrides: Partial<CreateDeploymentGroupInput> = {}): CreateDeploymentGroupInput {
  return {
    applicationName: APP,
    deploymentGroupName: DG,
    serviceRoleArn: ROLE,
    autoScalingGroups: [BLUE],
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
      greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
      terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 15 },
    },
    loadBalancerInfo: { targetGroupInfoList: [{ name: TG_NAME }] },
    alarmConfiguration: { enabled: true, alarms: [{ name: ROLLBACK_ALARM }] },
    ...overrides,
  };
}

async function withDeploymentGroup(
  sim: CodeDeploySimulator,
  overrides: Partial<CreateDeploymentGroupInput> = {},
) {
  await sim.send(new CreateDeploymentGroupCommand(dgInput(overrides)));
}

async function group(name: string) {
  return (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
}

async function instanceIds(name: string): Promise<string[]> {
  return ((await group(name))?.Instances ?? []).map((i) => i.InstanceId!).sort();
}

/** The registered targets of the target group, sorted. */
async function registered(): Promise<string[]> {
  const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: world.targetGroupArn }));
  return (out.TargetHealthDescriptions ?? []).map((d) => d.Target!.Id!).sort();
}

/** The target group's health state of each instance, as DescribeTargetHealth reports it. */
async function health(ids: string[]): Promise<string[]> {
  const out = await elb.send(
    new DescribeTargetHealthCommand({
      TargetGroupArn: world.targetGroupArn,
      Targets: ids.map((Id) => ({ Id })),
    }),
  );
  return (out.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth!.State!);
}

async function policies() {
  return ((await asg.send(new DescribePoliciesCommand({}))).ScalingPolicies ?? []).map((p) => ({
    group: p.AutoScalingGroupName,
    name: p.PolicyName,
    arn: p.PolicyARN,
    adjustment: p.ScalingAdjustment,
    cooldown: p.Cooldown,
  }));
}

async function alarms() {
  const out = await cw.send(new DescribeAlarmsCommand({}));
  return Object.fromEntries(
    (out.MetricAlarms ?? []).map((a) => [
      a.AlarmName!,
      { state: a.StateValue, alarmActions: a.AlarmActions, okActions: a.OKActions },
    ]),
  );
}

async function setAlarm(name: string, state: 'ALARM' | 'OK') {
  await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'test' }));
}

async function deploymentInfo(sim: CodeDeploySimulator, id: string) {
  return (await sim.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo;
}

function liveGroup(sim: CodeDeploySimulator): string | undefined {
  return sim.deploymentGroup(APP, DG)?.autoScalingGroups?.[0]?.name;
}

function states(sim: CodeDeploySimulator): string[] {
  return sim.takeEvents().map((e) => `${e.detail.deploymentId} ${e.detail.state}`);
}

/** Plays a deployment to the end of traffic routing. */
async function toBlueWait(sim: CodeDeploySimulator): Promise<SimulatedDeployment> {
  const d = await sim.startDeployment(APP, DG);
  await d.provisionGreen();
  await d.moveTraffic();
  return d;
}

// -- moto ---------------------------------------------------------------------------------------

test('moto facts the simulator relies on or works around', async () => {
  const blue = await instanceIds(BLUE);
  expect(blue).toHaveLength(2);
  // an attached group registers its instances; registered targets report healthy
  expect(await registered()).toEqual(blue);
  expect(await health(blue)).toEqual(['healthy', 'healthy']);
  // deregistered: not listed, "unused" when asked; deregistering again throws (AWS succeeds)
  await elb.send(
    new DeregisterTargetsCommand({ TargetGroupArn: world.targetGroupArn, Targets: [{ Id: blue[0] }] }),
  );
  expect(await registered()).toEqual([blue[1]]);
  expect(await health([blue[0]])).toEqual(['unused']);
  await expect(
    elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: world.targetGroupArn, Targets: [{ Id: blue[0] }] }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidTargetException' });
  // a capacity change of the attached group registers every instance again, the deregistered one too
  await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: BLUE, DesiredCapacity: 2 }));
  expect(await registered()).toEqual(blue);
  await elb.send(
    new DeregisterTargetsCommand({ TargetGroupArn: world.targetGroupArn, Targets: [{ Id: blue[0] }] }),
  );
  // PutScalingPolicy answers no PolicyARN
  const put = await asg.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: BLUE,
      PolicyName: 'another',
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: 1,
    }),
  );
  expect(put.PolicyARN).toBeUndefined();
  // PutMetricAlarm on an existing alarm resets its state
  await setAlarm(CPU_HIGH, 'ALARM');
  const [high] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [CPU_HIGH] }))).MetricAlarms!;
  await cw.send(new PutMetricAlarmCommand({ ...high, AlarmName: CPU_HIGH }));
  expect((await alarms())[CPU_HIGH].state).toBe('OK');
  // deleting a group leaves its registered (terminated) instances "healthy", its policies and alarms
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: BLUE, ForceDelete: true }));
  expect(await group(BLUE)).toBeUndefined();
  expect(await registered()).toEqual([blue[1]]);
  expect(await health([blue[1]])).toEqual(['healthy']);
  expect((await policies()).map((p) => p.name).sort()).toEqual(['another', SCALE_UP]);
  expect(Object.keys(await alarms())).toContain(CPU_HIGH);
  await expect(
    elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: world.targetGroupArn, Targets: [{ Id: blue[0] }] }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidTargetException' });
});

// -- the deployment group -----------------------------------------------------------------------

describe('deployment group API', () => {
  test('CreateDeploymentGroup and UpdateDeploymentGroup validate like CodeDeploy', async () => {
    const sim = simulator();
    await expect(
      sim.send(new CreateDeploymentGroupCommand(dgInput({ applicationName: 'nope' }))),
    ).rejects.toBeInstanceOf(ApplicationDoesNotExistException);
    await expect(
      sim.send(new CreateDeploymentGroupCommand(dgInput({ autoScalingGroups: [BLUE, 'other'] }))),
    ).rejects.toBeInstanceOf(InvalidBlueGreenDeploymentConfigurationException);
    await expect(
      sim.send(new CreateDeploymentGroupCommand(dgInput({ autoScalingGroups: ['missing'] }))),
    ).rejects.toBeInstanceOf(InvalidAutoScalingGroupException);
    await expect(
      sim.send(
        new CreateDeploymentGroupCommand(dgInput({ alarmConfiguration: { enabled: true, alarms: [] } })),
      ),
    ).rejects.toBeInstanceOf(InvalidAlarmConfigException);
    expect(sim.deploymentGroup(APP, DG)).toBeUndefined();

    await withDeploymentGroup(sim);
    await expect(withDeploymentGroup(sim)).rejects.toBeInstanceOf(DeploymentGroupAlreadyExistsException);
    const info = (
      await sim.send(new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: DG }))
    ).deploymentGroupInfo;
    expect(info).toMatchObject({
      applicationName: APP,
      deploymentGroupName: DG,
      serviceRoleArn: ROLE,
      autoScalingGroups: [{ name: BLUE, hook: `CodeDeploy-managed-automatic-launch-deployment-hook-${DG}` }],
      loadBalancerInfo: { targetGroupInfoList: [{ name: TG_NAME }] },
      alarmConfiguration: { enabled: true, alarms: [{ name: ROLLBACK_ALARM }] },
    });

    await expect(
      sim.send(
        new UpdateDeploymentGroupCommand({
          applicationName: APP,
          currentDeploymentGroupName: DG,
          autoScalingGroups: ['missing'],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidAutoScalingGroupException);
    await sim.send(
      new UpdateDeploymentGroupCommand({
        applicationName: APP,
        currentDeploymentGroupName: DG,
        alarmConfiguration: { enabled: false, alarms: [] },
      }),
    );
    expect(sim.deploymentGroup(APP, DG)!.alarmConfiguration).toEqual({ enabled: false, alarms: [] });
    expect(liveGroup(sim)).toBe(BLUE);

    await sim.send(new DeleteDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: DG }));
    await expect(
      sim.send(new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: DG })),
    ).rejects.toBeInstanceOf(DeploymentGroupDoesNotExistException);
    await expect(
      sim.send(new ListDeploymentsCommand({ applicationName: APP, deploymentGroupName: DG })),
    ).rejects.toBeInstanceOf(DeploymentGroupDoesNotExistException);
    await expect(
      sim.send(new CreateDeploymentCommand({ applicationName: APP, deploymentGroupName: DG })),
    ).rejects.toBeInstanceOf(DeploymentGroupDoesNotExistException);
    await expect(sim.send(new ContinueDeploymentCommand({ deploymentId: 'd-SIM1' }))).rejects.toThrow(
      'ContinueDeploymentCommand is not implemented',
    );
  });

  test('failNext makes the next calls of a command throw, without effect; calls records every send', async () => {
    const sim = simulator();
    const propagating = new InvalidRoleException({ $metadata: {}, message: 'Cannot assume role provided.' });
    sim.failNext('CreateDeploymentGroupCommand', propagating, 2);

    await expect(withDeploymentGroup(sim)).rejects.toBe(propagating);
    await expect(withDeploymentGroup(sim)).rejects.toBe(propagating);
    expect(sim.deploymentGroup(APP, DG)).toBeUndefined();
    await withDeploymentGroup(sim);

    expect(sim.deploymentGroup(APP, DG)).toBeDefined();
    expect(sim.calls.map((c) => c.command)).toEqual([
      'CreateDeploymentGroupCommand',
      'CreateDeploymentGroupCommand',
      'CreateDeploymentGroupCommand',
    ]);
    expect(sim.calls[2].input).toMatchObject({ applicationName: APP, deploymentGroupName: DG });
  });
});

// -- deployments ----------------------------------------------------------------------------------

describe('alarms', () => {
  test('an alarm in ALARM at start stops the deployment at once: ALARM_ACTIVE, STOP, nothing copied', async () => {
    const sim = simulator({ tags: true, targetGroups: true, policies: true });
    await withDeploymentGroup(sim);
    await setAlarm(ROLLBACK_ALARM, 'ALARM');

    const d = await sim.startDeployment(APP, DG);

    expect(d.status()).toBe('Stopped');
    expect(await deploymentInfo(sim, d.id)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'ALARM_ACTIVE' },
      completeTime: expect.any(Date),
    });
    expect(states(sim)).toEqual([`${d.id} START`, `${d.id} STOP`]);
    expect(await group(d.greenGroupName)).toBeUndefined();
    expect(liveGroup(sim)).toBe(BLUE);
    await expect(d.provisionGreen()).rejects.toThrow(
      `provisionGreen() on deployment ${d.id}, which is Stopped`,
    );

    // a disabled alarm configuration is not looked at
    await sim.send(
      new UpdateDeploymentGroupCommand({
        applicationName: APP,
        currentDeploymentGroupName: DG,
        alarmConfiguration: { enabled: false, alarms: [{ name: ROLLBACK_ALARM }] },
      }),
    );
    expect((await sim.startDeployment(APP, DG)).status()).toBe('InProgress');
  });

  test.each(['provisionGreen', 'moveTraffic', 'finish'] as const)(
    'an alarm raised before %s stops the deployment there, traffic back on the original',
    async (step) => {
      const sim = simulator();
      await withDeploymentGroup(sim);
      const blue = await instanceIds(BLUE);
      const d = await sim.startDeployment(APP, DG);
      const steps = ['provisionGreen', 'moveTraffic', 'finish'] as const;
      for (const s of steps.slice(0, steps.indexOf(step))) await d[s]();
      await setAlarm(ROLLBACK_ALARM, 'ALARM');

      await d[step]();

      expect(d.status()).toBe('Stopped');
      expect((await deploymentInfo(sim, d.id))!.errorInformation?.code).toBe('ALARM_ACTIVE');
      expect(states(sim)).toEqual([`${d.id} START`, `${d.id} STOP`]);
      expect(await registered()).toEqual(blue);
      expect(await group(BLUE)).toBeDefined();
      expect(liveGroup(sim)).toBe(BLUE);
      // the copy, once made, is left
      expect((await group(d.greenGroupName)) !== undefined).toBe(step !== 'provisionGreen');
    },
  );

  test('an alarm CloudWatch cannot answer for stops the deployment, unless ignorePollAlarmFailure', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim, { alarmConfiguration: { enabled: true, alarms: [{ name: 'missing' }] } });
    const d = await sim.startDeployment(APP, DG);
    expect(d.status()).toBe('Stopped');

    await sim.send(
      new UpdateDeploymentGroupCommand({
        applicationName: APP,
        currentDeploymentGroupName: DG,
        alarmConfiguration: { enabled: true, ignorePollAlarmFailure: true, alarms: [{ name: 'missing' }] },
      }),
    );
    expect((await sim.startDeployment(APP, DG)).status()).toBe('InProgress');
  });
});

describe('the copy', () => {
  test('by default: launch template and version, sizes, desired = running instances, subnets, health check', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: BLUE, DesiredCapacity: 3 }));
    const d = await sim.startDeployment(APP, DG);
    expect(d.id).toBe('d-SIM1');
    expect(d.originalGroupName).toBe(BLUE);
    expect(d.greenGroupName).toBe(`CodeDeploy_${DG}_d-SIM1`);

    await d.provisionGreen();

    const green = (await group(d.greenGroupName))!;
    expect(green).toMatchObject({
      LaunchTemplate: { LaunchTemplateId: world.launchTemplateId, Version: '2' },
      MinSize: 1,
      MaxSize: 4,
      DesiredCapacity: 3,
      VPCZoneIdentifier: world.subnetIds.join(','),
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 120,
    });
    expect(green.Instances).toHaveLength(3);
    expect(green.Tags ?? []).toEqual([]);
    expect(green.TargetGroupARNs ?? []).toEqual([]);
    expect((await policies()).map((p) => [p.group, p.name])).toEqual([[BLUE, SCALE_UP]]);
    // not attached: no traffic before moveTraffic
    expect(await registered()).toEqual(await instanceIds(BLUE));
    expect(d.status()).toBe('InProgress');
    expect(sim.takeEvents()).toHaveLength(1);
  });

  test('with copy options: tags, target groups (registered at once in moto) and policies', async () => {
    const sim = simulator({ tags: true, targetGroups: true, policies: true });
    await withDeploymentGroup(sim);
    const d = await sim.startDeployment(APP, DG);

    await d.provisionGreen();

    const green = (await group(d.greenGroupName))!;
    expect(green.Tags).toEqual([
      {
        ResourceId: d.greenGroupName,
        ResourceType: 'auto-scaling-group',
        Key: 'sim:app',
        Value: 'api',
        PropagateAtLaunch: true,
      },
    ]);
    expect(green.TargetGroupARNs).toEqual([world.targetGroupArn]);
    expect(await registered()).toEqual(
      [...(await instanceIds(BLUE)), ...(await instanceIds(d.greenGroupName))].sort(),
    );
    // moto keys policies by name: the copy's policy replaces the original's entry
    expect(await policies()).toEqual([
      {
        group: d.greenGroupName,
        name: SCALE_UP,
        arn: expect.stringContaining(`autoScalingGroupName/${d.greenGroupName}:`),
        adjustment: 1,
        cooldown: 300,
      },
    ]);
  });
});

describe('traffic and the end of the blue wait', () => {
  test('moveTraffic registers the copy, deregisters the original and starts the blue wait', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const d = await sim.startDeployment(APP, DG);
    await d.provisionGreen();
    expect((await deploymentInfo(sim, d.id))!.instanceTerminationWaitTimeStarted).toBe(false);
    const blue = await instanceIds(BLUE);

    await d.moveTraffic();

    const green = await instanceIds(d.greenGroupName);
    expect(await registered()).toEqual(green);
    expect(await health(green)).toEqual(['healthy', 'healthy']);
    expect(await health(blue)).toEqual(['unused', 'unused']);
    expect(await deploymentInfo(sim, d.id)).toEqual({
      deploymentId: d.id,
      applicationName: APP,
      deploymentGroupName: DG,
      deploymentConfigName: 'CodeDeployDefault.OneAtATime',
      status: 'InProgress',
      createTime: expect.any(Date),
      instanceTerminationWaitTimeStarted: true,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      computePlatform: 'Server',
    });
    expect(liveGroup(sim)).toBe(BLUE);
    await expect(d.moveTraffic()).rejects.toThrow("needs stage 'provisioned'");
  });

  test('finish deletes the original as AWS does, policies and alarm actions with it, and switches the group', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    await setAlarm(CPU_MIXED, 'ALARM');
    const d = await toBlueWait(sim);
    // a scale-out of the original during the wait (attached group): in moto it registers every
    // instance of the group again, the two BlockTraffic deregistered and the new one
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: BLUE, DesiredCapacity: 3 }));
    const green = await instanceIds(d.greenGroupName);
    expect(await registered()).toEqual([...green, ...(await instanceIds(BLUE))].sort());

    await d.finish();

    expect(await group(BLUE)).toBeUndefined();
    expect(await policies()).toEqual([]);
    expect(await alarms()).toEqual({
      // CPU_HIGH had only the policy: deleted. CPU_MIXED keeps its topic and its state.
      [CPU_MIXED]: { state: 'ALARM', alarmActions: [TOPIC], okActions: [TOPIC] },
      [ROLLBACK_ALARM]: { state: 'OK', alarmActions: [], okActions: [] },
    });
    expect(await registered()).toEqual(green);
    expect(sim.deploymentGroup(APP, DG)!.autoScalingGroups).toEqual([
      { name: d.greenGroupName, hook: `CodeDeploy-managed-automatic-launch-deployment-hook-${DG}` },
    ]);
    expect(d.status()).toBe('Succeeded');
    expect(await deploymentInfo(sim, d.id)).toMatchObject({
      status: 'Succeeded',
      completeTime: expect.any(Date),
      instanceTerminationWaitTimeStarted: true,
    });
    expect((await deploymentInfo(sim, d.id))!.errorInformation).toBeUndefined();
    expect(states(sim)).toEqual([`${d.id} START`, `${d.id} SUCCESS`]);

    // the next deployment copies the copy
    const next = await sim.startDeployment(APP, DG);
    expect(next.originalGroupName).toBe(d.greenGroupName);
    expect(next.greenGroupName).toBe(`CodeDeploy_${DG}_d-SIM2`);
  });

  test("finish after copying policies: the original's alarm actions go, the copy's policy stays", async () => {
    const sim = simulator({ policies: true });
    await withDeploymentGroup(sim);
    const d = await toBlueWait(sim);

    await d.finish();

    expect((await policies()).map((p) => [p.group, p.name])).toEqual([[d.greenGroupName, SCALE_UP]]);
    expect(Object.keys(await alarms()).sort()).toEqual([CPU_MIXED, ROLLBACK_ALARM].sort());
    expect((await alarms())[CPU_MIXED].alarmActions).toEqual([TOPIC]);
  });

  test('KEEP_ALIVE: no blue wait, the original is kept, the deployment group still moves', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim, {
      blueGreenDeploymentConfiguration: {
        ...dgInput().blueGreenDeploymentConfiguration,
        terminateBlueInstancesOnDeploymentSuccess: { action: 'KEEP_ALIVE' },
      },
    });
    const d = await toBlueWait(sim);
    expect((await deploymentInfo(sim, d.id))!.instanceTerminationWaitTimeStarted).toBe(false);

    await d.finish();

    expect(await group(BLUE)).toBeDefined();
    expect(liveGroup(sim)).toBe(d.greenGroupName);
  });
});

describe('failed and stopped deployments', () => {
  test('fail after traffic moved: FAILURE, traffic back, the copy left, the deployment group kept', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const blue = await instanceIds(BLUE);
    const d = await toBlueWait(sim);

    await d.fail();

    expect(d.status()).toBe('Failed');
    expect(await deploymentInfo(sim, d.id)).toMatchObject({
      status: 'Failed',
      errorInformation: { code: 'HEALTH_CONSTRAINTS' },
      completeTime: expect.any(Date),
    });
    expect(await registered()).toEqual(blue);
    expect(await health(await instanceIds(d.greenGroupName))).toEqual(['unused', 'unused']);
    expect(await group(d.greenGroupName)).toBeDefined();
    expect(await group(BLUE)).toBeDefined();
    expect(liveGroup(sim)).toBe(BLUE);
    expect(states(sim)).toEqual([`${d.id} START`, `${d.id} FAILURE`]);
    await expect(d.finish()).rejects.toThrow('which is Failed');
  });

  test('the original gone before the copy: the deployment fails (AUTO_SCALING_CONFIGURATION)', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const d = await sim.startDeployment(APP, DG);
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: BLUE, ForceDelete: true }));

    await d.provisionGreen();

    expect(d.status()).toBe('Failed');
    expect((await deploymentInfo(sim, d.id))!.errorInformation?.code).toBe('AUTO_SCALING_CONFIGURATION');
    expect(await group(d.greenGroupName)).toBeUndefined();
  });

  test('StopDeployment stops an active deployment; ended and unknown deployments throw the SDK errors', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const blue = await instanceIds(BLUE);
    const d = await toBlueWait(sim);

    expect(
      await sim.send(new StopDeploymentCommand({ deploymentId: d.id, autoRollbackEnabled: false })),
    ).toEqual(expect.objectContaining({ status: 'Succeeded' }));

    expect(d.status()).toBe('Stopped');
    expect((await deploymentInfo(sim, d.id))!.errorInformation?.code).toBe('MANUAL_STOP');
    expect(await registered()).toEqual(blue);
    expect(await group(d.greenGroupName)).toBeDefined();
    expect(liveGroup(sim)).toBe(BLUE);
    expect(states(sim)).toEqual([`${d.id} START`, `${d.id} STOP`]);
    await expect(sim.send(new StopDeploymentCommand({ deploymentId: d.id }))).rejects.toBeInstanceOf(
      DeploymentAlreadyCompletedException,
    );
    await expect(sim.send(new StopDeploymentCommand({ deploymentId: 'd-NOPE' }))).rejects.toBeInstanceOf(
      DeploymentDoesNotExistException,
    );
    await expect(sim.send(new GetDeploymentCommand({ deploymentId: 'd-NOPE' }))).rejects.toBeInstanceOf(
      DeploymentDoesNotExistException,
    );
    // stop() before traffic moved: nothing to reroute
    const e = await sim.startDeployment(APP, DG);
    await e.provisionGreen();
    await e.stop();
    expect(e.status()).toBe('Stopped');
    expect(await registered()).toEqual(blue);
  });
});

describe('revisions, deployment targets and lifecycle diagnostics', () => {
  const revision = (name: string) => ({
    revisionType: 'S3' as const,
    s3Location: {
      bucket: 'artifacts',
      key: `pipeline/app_revisi/${name}`,
      bundleType: 'zip' as const,
      eTag: name,
    },
  });

  test('CreateDeployment starts a deployment of the revision; GetDeployment reports it', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const out = await sim.send(
      new CreateDeploymentCommand({
        applicationName: APP,
        deploymentGroupName: DG,
        revision: revision('r1'),
        description: 'again',
      }),
    );
    const info = await deploymentInfo(sim, out.deploymentId);
    expect(info).toMatchObject({
      status: 'InProgress',
      revision: revision('r1'),
      description: 'again',
      creator: 'user',
    });
    // one active deployment per group, as startDeployment
    await expect(
      sim.send(
        new CreateDeploymentCommand({
          applicationName: APP,
          deploymentGroupName: DG,
          revision: revision('r2'),
        }),
      ),
    ).rejects.toBeInstanceOf(DeploymentLimitExceededException);
  });

  test('green instances are targets whose events advance with the steps; failLifecycleEvent reports the diagnostics', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const d = await sim.startDeployment(APP, DG, { revision: revision('r1') });
    expect((await sim.send(new ListDeploymentTargetsCommand({ deploymentId: d.id }))).targetIds).toEqual([]);
    await d.provisionGreen();
    const green = await instanceIds(d.greenGroupName);
    const ids = (await sim.send(new ListDeploymentTargetsCommand({ deploymentId: d.id }))).targetIds;
    expect([...ids].sort()).toEqual(green);
    await d.failLifecycleEvent({
      lifecycleEventName: 'AfterInstall',
      scriptName: 'hooks/configure_environment.sh',
      message:
        'Script at specified location: hooks/configure_environment.sh run as user root failed with exit code 1',
      logTail: '[stderr] no value',
      instanceId: green[1],
    });
    expect(d.status()).toBe('Failed');
    expect((await deploymentInfo(sim, d.id))!.errorInformation?.code).toBe('HEALTH_CONSTRAINTS');
    const failed = await sim.send(
      new ListDeploymentTargetsCommand({ deploymentId: d.id, targetFilters: { TargetStatus: ['Failed'] } }),
    );
    expect(failed.targetIds).toEqual([green[1]]);
    const [target] = (
      await sim.send(
        new BatchGetDeploymentTargetsCommand({ deploymentId: d.id, targetIds: failed.targetIds }),
      )
    ).deploymentTargets;
    expect(target.deploymentTargetType).toBe('InstanceTarget');
    const events = target.instanceTarget.lifecycleEvents.map(
      (e: any) => `${e.lifecycleEventName}:${e.status}`,
    );
    expect(events).toEqual([
      'ApplicationStop:Succeeded',
      'DownloadBundle:Succeeded',
      'BeforeInstall:Succeeded',
      'Install:Succeeded',
      'AfterInstall:Failed',
      'ApplicationStart:Skipped',
      'ValidateService:Skipped',
      'BeforeAllowTraffic:Skipped',
      'AllowTraffic:Skipped',
      'AfterAllowTraffic:Skipped',
    ]);
    expect(target.instanceTarget.lifecycleEvents[4].diagnostics).toEqual({
      errorCode: 'ScriptFailed',
      scriptName: 'hooks/configure_environment.sh',
      message:
        'Script at specified location: hooks/configure_environment.sh run as user root failed with exit code 1',
      logTail: '[stderr] no value',
    });
  });

  test('moveTraffic completes the green targets; StopDeployment with rollback records rollbackInfo', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const d = await toBlueWait(sim);
    const succeeded = await sim.send(
      new ListDeploymentTargetsCommand({
        deploymentId: d.id,
        targetFilters: { TargetStatus: ['Succeeded'] },
      }),
    );
    expect([...succeeded.targetIds].sort()).toEqual(await instanceIds(d.greenGroupName));
    await sim.send(new StopDeploymentCommand({ deploymentId: d.id, autoRollbackEnabled: true }));
    expect((await deploymentInfo(sim, d.id))!.rollbackInfo?.rollbackMessage).toContain(BLUE);
  });
});

describe('deployments of a group', () => {
  test('one active deployment per deployment group; ListDeployments filters by group and status', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    await withDeploymentGroup(sim, { deploymentGroupName: 'other-dg' });
    const d1 = await sim.startDeployment(APP, DG);

    await expect(sim.startDeployment(APP, DG)).rejects.toBeInstanceOf(DeploymentLimitExceededException);
    await expect(sim.startDeployment(APP, DG)).rejects.toThrow(
      `The Deployment Group '${DG}' already has an active Deployment '${d1.id}'`,
    );
    const other = await sim.startDeployment(APP, 'other-dg');
    await d1.fail();
    const d2 = await sim.startDeployment(APP, DG);

    const list = async (statuses?: string[], groupName = DG) =>
      (
        await sim.send(
          new ListDeploymentsCommand({
            applicationName: APP,
            deploymentGroupName: groupName,
            includeOnlyStatuses: statuses as never,
          }),
        )
      ).deployments;
    expect(new Set([d1.id, other.id, d2.id]).size).toBe(3);
    expect(await list()).toEqual([d2.id, d1.id]);
    expect(await list(['Created', 'Queued', 'InProgress', 'Baking', 'Ready'])).toEqual([d2.id]);
    expect(await list(['Failed', 'Stopped'])).toEqual([d1.id]);
    expect(await list(undefined, 'other-dg')).toEqual([other.id]);
    expect(await list(['Succeeded'])).toEqual([]);
  });

  test('events come in order, each once, until taken', async () => {
    const sim = simulator();
    await withDeploymentGroup(sim);
    const d1 = await toBlueWait(sim);
    await d1.finish();
    const d2 = await sim.startDeployment(APP, DG);
    await d2.stop();

    const events = sim.takeEvents();

    expect(events.map((e) => `${e.detail.deploymentId} ${e.detail.state}`)).toEqual([
      `${d1.id} START`,
      `${d1.id} SUCCESS`,
      `${d2.id} START`,
      `${d2.id} STOP`,
    ]);
    expect(events[1]).toEqual({
      source: 'aws.codedeploy',
      'detail-type': 'CodeDeploy Deployment State-change Notification',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      detail: {
        application: APP,
        deploymentGroup: DG,
        deploymentId: d1.id,
        state: 'SUCCESS',
        region: 'us-east-1',
      },
    });
    const times = events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    expect(sim.takeEvents()).toEqual([]);
  });
});
