/**
 * The fleet handler against moto's Auto Scaling, CloudWatch, EC2 and ELBv2 (a moto_server started
 * here on a loopback port) and the in-memory CodeDeployDouble. The test plays CodeDeploy's part in
 * a blue/green deployment: it creates `CodeDeploy_<group>_<id>` from the live group's settings,
 * deletes the original and sends the state-change event.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  AutoScalingGroup,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, DeploymentStatus } from '@aws-sdk/client-codedeploy';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { MotoServer, startMoto } from '@comptastar/param-tool/lib/moto/moto-server';
import { CodeDeployDouble } from './codedeploy-double';
import { Naming, ScalingConfig, ScalingDirection, ServiceConfigs } from '../../src/config';
import { onDeploymentEvent, onResourceEvent } from '../../src/fleet/fleet-handler.lambda';
import { defaultClients, FleetClients } from '../../src/fleet/handler/aws';
import { DESIRED_CONFIG_TAG_KEY, FLEET_TAG_KEY } from '../../src/fleet/handler/types';

const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });
const APP = 'api';
const APPLICATION = naming.codeDeployApplicationName(APP);
const DEPLOYMENT_GROUP = naming.deploymentGroupName(APP);
const FIRST_GROUP = naming.autoScalingGroupName(APP);
const COPY_PREFIX = naming.codeDeployCopyGroupPrefix(APP);
const ALARM_PREFIX = naming.scalingAlarmNamePrefix(APP);
const SERVICE_ROLE = 'arn:aws:iam::123456789012:role/codedeploy-service-role';
const quiet = { log: () => undefined };
/** An Amazon Linux image moto knows in us-east-1 (listing all of moto's images takes seconds). */
const MOTO_AMI = 'ami-12c6146b';

let moto: MotoServer;
let asg: AutoScalingClient;
let cw: CloudWatchClient;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
let codeDeploy: CodeDeployDouble;
let clients: FleetClients;
let world: { subnetIds: string[]; launchTemplateId: string; targetGroupArn: string; targetGroupName: string };

beforeAll(async () => {
  moto = await startMoto();
  const config = {
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    retryMode: 'adaptive',
  };
  asg = new AutoScalingClient(config);
  cw = new CloudWatchClient(config);
  ec2 = new EC2Client(config);
  elb = new ElasticLoadBalancingV2Client(config);
}, 60_000);

afterAll(async () => {
  for (const client of [asg, cw, ec2, elb]) client?.destroy();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  codeDeploy = new CodeDeployDouble(async (name) => (await describeGroup(name)) !== undefined);
  codeDeploy.createApplication(APPLICATION);
  clients = { autoScaling: asg, cloudWatch: cw, codeDeploy: codeDeploy as unknown as CodeDeployClient };

  const vpc = (
    await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))
  ).Vpcs![0];
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
  );
  const template = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${naming.resourcePrefix(APP)}-lt`,
      LaunchTemplateData: { ImageId: MOTO_AMI, InstanceType: 't3.small' },
    }),
  );
  // version 2, for the launch template update
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: template.LaunchTemplate!.LaunchTemplateId,
      LaunchTemplateData: { ImageId: MOTO_AMI, InstanceType: 't3.medium' },
    }),
  );
  const config = ServiceConfigs.resolve(naming, { appName: APP });
  const tg = await elb.send(
    new CreateTargetGroupCommand({
      Name: config.targetGroupName,
      Protocol: 'HTTP',
      Port: config.port,
      VpcId: vpc.VpcId,
      TargetType: 'instance',
    }),
  );
  world = {
    subnetIds: subnets.Subnets!.slice(0, 2).map((s) => s.SubnetId!),
    launchTemplateId: template.LaunchTemplate!.LaunchTemplateId!,
    targetGroupArn: tg.TargetGroups![0].TargetGroupArn!,
    targetGroupName: config.targetGroupName,
  };
});

// -- helpers ----------------------------------------------------------------------------------

/** The fleet's properties as CloudFormation sends them: every scalar a string. */
function properties(scaling: ScalingConfig = {}, launchTemplateVersion = '1'): unknown {
  const config = ServiceConfigs.resolve(naming, { appName: APP, scaling });
  const s = config.scaling;
  const policy = (up: boolean) => ({
    policyName: up ? config.scaleUpPolicyName : config.scaleDownPolicyName,
    scalingAdjustment: up ? 1 : -1,
    cooldownSeconds: s.cooldownSeconds,
    alarmName: naming.scalingAlarmName(
      APP,
      up ? ScalingDirection.UP : ScalingDirection.DOWN,
      up ? s.scaleUpCpuPercent : s.scaleDownCpuPercent,
    ),
    statistic: 'Average',
    threshold: up ? s.scaleUpCpuPercent : s.scaleDownCpuPercent,
    comparisonOperator: up ? 'GreaterThanThreshold' : 'LessThanThreshold',
    periodSeconds: up ? s.scaleUpPeriodSeconds : s.scaleDownPeriodSeconds,
    evaluationPeriods: up ? s.scaleUpEvaluationPeriods : s.scaleDownEvaluationPeriods,
  });
  return stringify({
    fleetId: naming.fleetId(APP),
    autoScalingGroupName: FIRST_GROUP,
    copyGroupPrefix: COPY_PREFIX,
    alarmNamePrefix: ALARM_PREFIX,
    launchTemplateId: world.launchTemplateId,
    launchTemplateVersion,
    subnetIds: world.subnetIds,
    targetGroupArn: world.targetGroupArn,
    targetGroupName: world.targetGroupName,
    minSize: s.minCapacity,
    maxSize: s.maxCapacity,
    desiredCapacity: s.desiredCapacity,
    healthCheckGracePeriodSeconds: 120,
    tags: [{ key: 'comptastar:app', value: APP }],
    policies: [policy(true), policy(false)],
    deploymentGroup: {
      applicationName: APPLICATION,
      deploymentGroupName: DEPLOYMENT_GROUP,
      serviceRoleArn: SERVICE_ROLE,
      terminationWaitMinutes: 15,
      rollbackAlarmNames: [],
    },
  });
}

function stringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringify);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringify(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

async function create(props = properties()) {
  return onResourceEvent({ RequestType: 'Create', ResourceProperties: { Fleet: props } }, clients, quiet);
}

async function update(props: unknown, old: unknown) {
  return onResourceEvent(
    {
      RequestType: 'Update',
      PhysicalResourceId: naming.fleetId(APP),
      ResourceProperties: { Fleet: props },
      OldResourceProperties: { Fleet: old },
    },
    clients,
    quiet,
  );
}

async function deploymentEvent(props = properties()) {
  return onDeploymentEvent({ source: 'comptastar.fleet', Fleet: props }, clients, quiet);
}

async function allGroups(): Promise<AutoScalingGroup[]> {
  return (await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
}

async function describeGroup(name: string): Promise<AutoScalingGroup | undefined> {
  return (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
}

/** Every policy moto holds, of any group (moto keeps the policies of deleted groups). */
async function allPolicies() {
  return (await asg.send(new DescribePoliciesCommand({}))).ScalingPolicies ?? [];
}

async function fleetAlarms(): Promise<MetricAlarm[]> {
  return (await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: ALARM_PREFIX }))).MetricAlarms ?? [];
}

function liveGroupOfDeploymentGroup(): string | undefined {
  return codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)?.autoScalingGroups?.[0]?.name;
}

/**
 * Plays CodeDeploy's COPY_AUTO_SCALING_GROUP: a copy of the live group's launch settings and
 * capacity (no tags, no policies: nothing says CodeDeploy copies them); on success the original
 * is deleted with its policies (AWS deletes a group's policies with it, moto does not).
 */
async function simulateDeployment(outcome: DeploymentStatus = DeploymentStatus.SUCCEEDED) {
  const original = liveGroupOfDeploymentGroup()!;
  const id = codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
  const g = (await describeGroup(original))!;
  const copy = `${COPY_PREFIX}${id}`;
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: copy,
      LaunchTemplate: {
        LaunchTemplateId: g.LaunchTemplate!.LaunchTemplateId,
        Version: g.LaunchTemplate!.Version,
      },
      MinSize: g.MinSize,
      MaxSize: g.MaxSize,
      DesiredCapacity: g.DesiredCapacity,
      VPCZoneIdentifier: g.VPCZoneIdentifier,
      TargetGroupARNs: g.TargetGroupARNs,
      HealthCheckType: g.HealthCheckType,
      HealthCheckGracePeriod: g.HealthCheckGracePeriod,
    }),
  );
  if (outcome === DeploymentStatus.SUCCEEDED) {
    for (const p of (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: original })))
      .ScalingPolicies ?? []) {
      await asg.send(new DeletePolicyCommand({ AutoScalingGroupName: original, PolicyName: p.PolicyName }));
    }
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: original, ForceDelete: true }));
    codeDeploy.endDeployment(id, outcome, copy);
  } else {
    codeDeploy.endDeployment(id, outcome);
  }
  return { id, original, copy };
}

/** Asserts the whole fleet is in the desired state on `groupName` and nothing else exists. */
async function expectConverged(groupName: string, scaling: ScalingConfig = {}, expectedDesired?: number) {
  const config = ServiceConfigs.resolve(naming, { appName: APP, scaling });
  const s = config.scaling;
  const groups = await allGroups();
  expect(groups.map((g) => g.AutoScalingGroupName)).toEqual([groupName]);
  const g = groups[0];
  expect(g.MinSize).toBe(s.minCapacity);
  expect(g.MaxSize).toBe(s.maxCapacity);
  expect(g.DesiredCapacity).toBe(expectedDesired ?? s.desiredCapacity);
  expect(g.HealthCheckType).toBe('ELB');
  expect(g.HealthCheckGracePeriod).toBe(120);
  expect(g.TargetGroupARNs).toEqual([world.targetGroupArn]);
  const tags = Object.fromEntries((g.Tags ?? []).map((t) => [t.Key, t.Value]));
  expect(tags).toMatchObject({
    [FLEET_TAG_KEY]: naming.fleetId(APP),
    [DESIRED_CONFIG_TAG_KEY]: String(s.desiredCapacity),
    'comptastar:app': APP,
  });

  const policies = await allPolicies();
  expect(
    policies.map((p) => [p.AutoScalingGroupName, p.PolicyName, p.ScalingAdjustment, p.Cooldown]).sort(),
  ).toEqual(
    [
      [groupName, config.scaleDownPolicyName, -1, s.cooldownSeconds],
      [groupName, config.scaleUpPolicyName, 1, s.cooldownSeconds],
    ].sort(),
  );
  const arnOf = (name: string) => policies.find((p) => p.PolicyName === name)!.PolicyARN;

  const alarms = await fleetAlarms();
  expect(
    alarms
      .map((a) => ({
        name: a.AlarmName,
        dimensions: a.Dimensions,
        actions: a.AlarmActions,
        threshold: a.Threshold,
        period: a.Period,
        evaluationPeriods: a.EvaluationPeriods,
        comparison: a.ComparisonOperator,
      }))
      .sort((a, b) => a.name!.localeCompare(b.name!)),
  ).toEqual([
    {
      name: naming.scalingAlarmName(APP, ScalingDirection.DOWN, s.scaleDownCpuPercent),
      dimensions: [{ Name: 'AutoScalingGroupName', Value: groupName }],
      actions: [arnOf(config.scaleDownPolicyName)],
      threshold: s.scaleDownCpuPercent,
      period: s.scaleDownPeriodSeconds,
      evaluationPeriods: s.scaleDownEvaluationPeriods,
      comparison: 'LessThanThreshold',
    },
    {
      name: naming.scalingAlarmName(APP, ScalingDirection.UP, s.scaleUpCpuPercent),
      dimensions: [{ Name: 'AutoScalingGroupName', Value: groupName }],
      actions: [arnOf(config.scaleUpPolicyName)],
      threshold: s.scaleUpCpuPercent,
      period: s.scaleUpPeriodSeconds,
      evaluationPeriods: s.scaleUpEvaluationPeriods,
      comparison: 'GreaterThanThreshold',
    },
  ]);

  const dg = codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)!;
  expect(dg.autoScalingGroups?.map((a) => a.name)).toEqual([groupName]);
  expect(dg.deploymentStyle).toEqual({
    deploymentType: 'BLUE_GREEN',
    deploymentOption: 'WITH_TRAFFIC_CONTROL',
  });
  expect(dg.blueGreenDeploymentConfiguration).toEqual({
    deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
    greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
    terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 15 },
  });
  expect(dg.loadBalancerInfo).toEqual({ targetGroupInfoList: [{ name: world.targetGroupName }] });
  expect(dg.serviceRoleArn).toBe(SERVICE_ROLE);
}

/** The group names sent to the double since call number `from`. */
function groupsSentToCodeDeploy(from: number): string[] {
  return codeDeploy.calls
    .slice(from)
    .filter(
      (c) => c.command === 'CreateDeploymentGroupCommand' || c.command === 'UpdateDeploymentGroupCommand',
    )
    .flatMap((c) => c.input.autoScalingGroups ?? []);
}

// -- the scenario ----------------------------------------------------------------------------

describe('fleet against moto and the CodeDeploy double', () => {
  test('create makes the first group, its policies, alarms and the blue/green deployment group', async () => {
    const result = await create();

    expect(result).toEqual({
      PhysicalResourceId: naming.fleetId(APP),
      Data: { DeploymentGroupName: DEPLOYMENT_GROUP, AutoScalingGroupName: FIRST_GROUP },
    });
    await expectConverged(FIRST_GROUP);
    // a second run finds nothing to do
    expect((await deploymentEvent()).actions).toEqual([]);
  });

  test('after a deployment, the copy gets capacity, tags, policies and alarms on its own name', async () => {
    await create();
    const { copy, original } = await simulateDeployment();
    expect(copy).toBe(`CodeDeploy_${DEPLOYMENT_GROUP}_d-TEST1`);
    const callsBefore = codeDeploy.calls.length;

    const result = await deploymentEvent();

    expect(result.liveGroupName).toBe(copy);
    await expectConverged(copy);
    expect(groupsSentToCodeDeploy(callsBefore)).not.toContain(original);
  });

  test('a config update after a deployment goes to the live group, never the dead one', async () => {
    const before = properties();
    await create(before);
    const { copy, original } = await simulateDeployment();
    await deploymentEvent();
    const scaling = { maxCapacity: 6, desiredCapacity: 2, scaleUpCpuPercent: 80, cooldownSeconds: 120 };
    const callsBefore = codeDeploy.calls.length;

    const result = await update(properties(scaling, '2'), before);

    expect(result.Data?.AutoScalingGroupName).toBe(copy);
    await expectConverged(copy, scaling);
    expect((await describeGroup(copy))!.LaunchTemplate!.Version).toBe('2');
    expect(await describeGroup(original)).toBeUndefined();
    expect(groupsSentToCodeDeploy(callsBefore)).not.toContain(original);
    // the old scale-up policy (70 %) and its alarm are gone
    expect((await fleetAlarms()).map((a) => a.AlarmName)).not.toContain(
      naming.scalingAlarmName(APP, ScalingDirection.UP, 70),
    );
  });

  test('a scaled desired count is kept until the configured value changes', async () => {
    const before = properties();
    await create(before);
    await asg.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: FIRST_GROUP, DesiredCapacity: 3 }),
    );

    await update(properties({ maxCapacity: 5 }), before);
    expect((await describeGroup(FIRST_GROUP))!.DesiredCapacity).toBe(3);

    const { copy } = await simulateDeployment();
    await deploymentEvent(properties({ maxCapacity: 5 }));
    expect((await describeGroup(copy))!.DesiredCapacity).toBe(3);

    await update(properties({ maxCapacity: 5, desiredCapacity: 2 }), properties({ maxCapacity: 5 }));
    await expectConverged(copy, { maxCapacity: 5, desiredCapacity: 2 });
  });

  test('five deployments in a row leave exactly one group and one set of policies and alarms', async () => {
    await create();
    let live = FIRST_GROUP;
    for (let i = 0; i < 5; i++) {
      live = (await simulateDeployment()).copy;
      await deploymentEvent();
    }
    expect(live).toBe(`${COPY_PREFIX}d-TEST5`);
    await expectConverged(live);
  });

  test('a copy left by a failed deployment is removed; the original keeps serving', async () => {
    await create();
    const { copy } = await simulateDeployment(DeploymentStatus.FAILED);
    expect(await describeGroup(copy)).toBeDefined();

    const result = await deploymentEvent();

    expect(result.actions).toEqual(['deleteGroup']);
    await expectConverged(FIRST_GROUP);
  });

  test('during a deployment: the event run skips, a stack update waits, then fails with a message', async () => {
    const before = properties();
    await create(before);
    const id = codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);

    expect(await deploymentEvent()).toEqual({
      liveGroupName: undefined,
      actions: [],
      skippedForDeployments: [id],
    });
    let clock = 0;
    const waiting = {
      ...quiet,
      waitTimeoutMs: 60_000,
      pollIntervalMs: 20_000,
      now: () => clock,
      sleep: async (ms: number) => void (clock += ms),
    };
    await expect(
      onResourceEvent(
        {
          RequestType: 'Update',
          PhysicalResourceId: 'x',
          ResourceProperties: { Fleet: properties({ maxCapacity: 6 }) },
          OldResourceProperties: { Fleet: before },
        },
        clients,
        waiting,
      ),
    ).rejects.toThrow(
      `Deployment ${id} of deployment group ${APPLICATION}/${DEPLOYMENT_GROUP} is still in progress after waiting 60 s`,
    );
    expect((await describeGroup(FIRST_GROUP))!.MaxSize).toBe(4);

    // the same update goes through once the deployment ends during the wait
    clock = 0;
    const endsWhileWaiting = {
      ...waiting,
      sleep: async (ms: number) => {
        clock += ms;
        codeDeploy.endDeployment(id, DeploymentStatus.STOPPED);
      },
    };
    await onResourceEvent(
      {
        RequestType: 'Update',
        PhysicalResourceId: 'x',
        ResourceProperties: { Fleet: properties({ maxCapacity: 6 }) },
        OldResourceProperties: { Fleet: before },
      },
      clients,
      endsWhileWaiting,
    );
    expect((await describeGroup(FIRST_GROUP))!.MaxSize).toBe(6);
  });

  test('delete removes the deployment group, every group, policy and alarm; a second delete succeeds', async () => {
    const props = properties();
    await create(props);
    await simulateDeployment();
    await deploymentEvent();
    await simulateDeployment(DeploymentStatus.FAILED); // leaves a stray copy too
    const del = {
      RequestType: 'Delete' as const,
      PhysicalResourceId: naming.fleetId(APP),
      ResourceProperties: { Fleet: props },
    };

    await onResourceEvent(del, clients, quiet);

    expect(await allGroups()).toEqual([]);
    expect(await allPolicies()).toEqual([]);
    expect(await fleetAlarms()).toEqual([]);
    expect(codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)).toBeUndefined();
    await expect(onResourceEvent(del, clients, quiet)).resolves.toEqual({
      PhysicalResourceId: naming.fleetId(APP),
    });
  });

  test('invalid properties fail with every problem named', async () => {
    const props = { ...(properties() as object), minSize: 'two', subnetIds: [] };
    await expect(create(props)).rejects.toThrow(
      /minSize must be a number \(got "two"\)[\s\S]*subnetIds must list at least one subnet/,
    );
    expect(await allGroups()).toEqual([]);
  });
});

describe("the handler's own clients", () => {
  test('read AWS_ENDPOINT_URL like any SDK v3 client and retry adaptively', async () => {
    await create();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    const own = defaultClients();
    try {
      const groups = await own.autoScaling.send(new DescribeAutoScalingGroupsCommand({}));
      expect(groups.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual([FIRST_GROUP]);
      for (const client of [own.autoScaling, own.cloudWatch, own.codeDeploy]) {
        expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
      }
    } finally {
      process.env = saved;
      for (const client of [own.autoScaling, own.cloudWatch, own.codeDeploy]) client.destroy();
    }
  });
});

describe('fault injection: a run interrupted between two steps converges on the next run', () => {
  async function runWithFault(failAt: number, run: (options: object) => Promise<unknown>) {
    const interrupted = {
      ...quiet,
      beforeAction: (_action: unknown, index: number) => {
        if (index === failAt) throw new Error(`injected fault before action ${index}`);
      },
    };
    await expect(run(interrupted)).rejects.toThrow(`injected fault before action ${failAt}`);
  }

  // Create runs 6 actions (group, policy, alarm, policy, alarm, deployment group): fail before each.
  test.each([1, 2, 3, 4, 5])('create interrupted before action %i', async (failAt) => {
    const props = properties();
    await runWithFault(failAt, (o) =>
      onResourceEvent({ RequestType: 'Create', ResourceProperties: { Fleet: props } }, clients, o),
    );

    await create(props);

    await expectConverged(FIRST_GROUP);
    expect((await deploymentEvent()).actions).toEqual([]);
  });

  // After a deployment: tags, policy, alarm, policy, alarm (the double already moved the group).
  test.each([1, 2, 3, 4])('post-deployment reconcile interrupted before action %i', async (failAt) => {
    await create();
    const { copy } = await simulateDeployment();
    await runWithFault(failAt, (o) =>
      onDeploymentEvent({ source: 'comptastar.fleet', Fleet: properties() }, clients, o),
    );

    await deploymentEvent();

    await expectConverged(copy);
  });
});
