/**
 * The fleet handler against moto and the CodeDeploy simulator, one behaviour per test (the day-in-
 * the-life scenario tells the whole story in order): what CodeDeploy's copy carries, deployments in
 * a row, events twice or out of order, a run superseded by a newer state, IAM propagation, Delete
 * waiting for the instances, fault injection between any two steps.
 */
import {
  AutoScalingClient,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DeleteDeploymentGroupCommand, InvalidRoleException } from '@aws-sdk/client-codedeploy';
import { SimulatedDeployment } from '@comptastar/test-support';
import { Duration } from 'aws-cdk-lib';
import {
  APP,
  APPLICATION,
  COPY_PREFIX,
  DEPLOYMENT_GROUP,
  expectConverged,
  FIRST_GROUP,
  FLEET_ID,
  FleetWorld,
  naming,
} from './support/fleet-world';
import { ResourceNames, ScalingDirection } from '../../src/config/resource-names';
import { defaultClients } from '../../src/fleet/handler/aws/clients';

let world: FleetWorld;

beforeAll(async () => {
  world = await FleetWorld.start();
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

beforeEach(async () => {
  await world.reset();
});

/** A whole successful deployment; its events delivered unless `deliver` is false. */
async function deploy(deliver = true): Promise<SimulatedDeployment> {
  const d = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
  await d.provisionGreen();
  await d.moveTraffic();
  await d.finish();
  if (deliver) await world.deliverAll();
  return d;
}

describe("whatever CodeDeploy's copy carries, the fleet converges on it", () => {
  test.each([
    ['nothing', {}],
    ['tags', { tags: true }],
    ['the target group', { targetGroups: true }],
    ['the policies', { policies: true }],
    ['everything', { tags: true, targetGroups: true, policies: true }],
  ])('a copy that carries %s', async (_name, copy) => {
    await world.reset(copy);
    await world.create(world.properties());

    const d = await deploy();

    await expectConverged(world, d.greenGroupName);
    expect(await world.registeredTargets()).toEqual(
      (await world.group(d.greenGroupName))!.Instances!.map((i) => i.InstanceId!).sort(),
    );
  });
});

describe('deployments and events', () => {
  test('five deployments in a row leave one group, one set of policies and alarms', async () => {
    await world.create(world.properties());
    let live = FIRST_GROUP;
    for (let i = 0; i < 5; i++) {
      live = (await deploy()).greenGroupName;
    }
    expect(live).toBe(`${COPY_PREFIX}d-SIM5`);
    await expectConverged(world, live);
  });

  test('events delivered twice and out of order change nothing', async () => {
    await world.create(world.properties());
    const d1 = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
    await d1.provisionGreen();
    await d1.fail();
    const d2 = await deploy(false);
    const [start1, failure1, start2, success2] = world.codeDeploy.takeEvents();
    expect([start1, failure1, start2, success2].map((e) => e.detail.state)).toEqual([
      'START',
      'FAILURE',
      'START',
      'SUCCESS',
    ]);

    for (const event of [success2, failure1, success2, failure1]) {
      await world.deliver(event);
    }

    await expectConverged(world, d2.greenGroupName);
  });

  test('a deployment stopped during the blue wait, after scaling moved to green: scaling comes back to the original', async () => {
    await world.create(world.properties());
    const serving = await deploy();
    const d = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
    await d.provisionGreen();
    await d.moveTraffic();
    await world.scheduledRun();
    expect((await world.alarmTargets()).map((a) => a.group)).toEqual([d.greenGroupName, d.greenGroupName]);

    await d.stop(); // a person stops it (or an alarm): CodeDeploy routes traffic back to the original
    await world.deliverAll();

    await expectConverged(world, serving.greenGroupName);
    expect(await world.group(d.greenGroupName)).toBeUndefined();
  });

  test('a scaled desired count is kept until the configured value changes', async () => {
    const before = world.properties();
    await world.create(before);
    await world.autoScaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: FIRST_GROUP, DesiredCapacity: 3 }),
    );

    await world.update(world.properties({ scaling: { maxCapacity: 5 } }), before);
    expect((await world.group(FIRST_GROUP))!.DesiredCapacity).toBe(3);

    const d = await deploy();
    expect((await world.group(d.greenGroupName))!.DesiredCapacity).toBe(3);

    await world.update(
      world.properties({ scaling: { maxCapacity: 5, desiredCapacity: 2 } }),
      world.properties({ scaling: { maxCapacity: 5 } }),
    );
    await expectConverged(world, d.greenGroupName, { scaling: { maxCapacity: 5, desiredCapacity: 2 } });
  });

  test('a desired count changed during a deployment is applied when it ends', async () => {
    const before = world.properties();
    await world.create(before);
    const d = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
    await d.provisionGreen();
    await d.moveTraffic();
    await world.scheduledRun(); // hands scaling over to the copy

    await world.update(world.properties({ scaling: { desiredCapacity: 2 } }), before);
    await d.finish();
    await world.deliverAll();

    await expectConverged(world, d.greenGroupName, { scaling: { desiredCapacity: 2 } });
  });

  test('a config update after a deployment goes to the live group and replaces stale policies and alarms', async () => {
    const before = world.properties();
    await world.create(before);
    const d = await deploy();
    const scaling = {
      maxCapacity: 6,
      desiredCapacity: 2,
      scaleUpCpuPercent: 80,
      cooldown: Duration.seconds(120),
    };

    const result = await world.update(world.properties({ scaling, launchTemplateVersion: '2' }), before);

    expect(result.Data?.AutoScalingGroupName).toBe(d.greenGroupName);
    await expectConverged(world, d.greenGroupName, { scaling, launchTemplateVersion: '2' });
    expect((await world.fleetAlarms()).map((a) => a.AlarmName)).not.toContain(
      ResourceNames.of(naming).scalingAlarmName(APP, ScalingDirection.UP, 70),
    );
  });

  test('without a deployment group, the group that serves is kept and a newer failed copy removed', async () => {
    await world.create(world.properties());
    const serving = await deploy();
    const failed = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
    await failed.provisionGreen();
    await failed.fail();
    world.codeDeploy.takeEvents(); // lost
    // Someone deletes the deployment group by hand.
    await world.codeDeploy.send(
      new DeleteDeploymentGroupCommand({
        applicationName: APPLICATION,
        deploymentGroupName: DEPLOYMENT_GROUP,
      }),
    );

    await world.scheduledRun();

    await expectConverged(world, serving.greenGroupName);
    expect(world.logs.join('\n')).toContain(
      `live group ${serving.greenGroupName}: there is no deployment group; 1 of its instances are healthy`,
    );
  });
});

describe('one source of desired state', () => {
  test('a run that finds a newer state written meanwhile stops, and the writer converges', async () => {
    const v1 = world.properties();
    await world.create(v1);
    const d = await deploy(false);
    const v2 = world.properties({ launchTemplateVersion: '2' });

    // The scheduled run is between two steps when CloudFormation writes v2 and converges.
    const run = await world.scheduledRun({
      beforeAction: async (_action, index) => {
        if (index === 1) await world.update(v2, v1);
      },
    });

    expect(run).toMatchObject({ superseded: true });
    await expectConverged(world, d.greenGroupName, { launchTemplateVersion: '2' });
  });

  test('invalid properties fail with every problem named, and nothing is stored or created', async () => {
    const props = { ...(world.properties() as object), minSize: 'two', subnetIds: [] };
    await expect(world.create(props)).rejects.toThrow(
      /minSize must be a number \(got "two"\)[\s\S]*subnetIds must list at least one subnet/,
    );
    expect(await world.groups()).toEqual([]);
    expect(await world.storedState()).toBeUndefined();
  });
});

describe('IAM propagation', () => {
  test('CreateDeploymentGroup is retried while a new service role propagates', async () => {
    world.codeDeploy.failNext(
      'CreateDeploymentGroupCommand',
      new InvalidRoleException({ $metadata: {}, message: 'Cannot assume role provided.' }),
      3,
    );

    await world.create(world.properties(), { propagationRetryMs: 10_000 });

    await expectConverged(world, FIRST_GROUP);
    expect(world.clock).toBe(30_000);
    expect(world.logs.filter((l) => l.includes('IAM may still be propagating'))).toHaveLength(3);
  });

  test('gives up after the bounded time with the error that names the call', async () => {
    world.codeDeploy.failNext(
      'CreateDeploymentGroupCommand',
      new InvalidRoleException({ $metadata: {}, message: 'Cannot assume role provided.' }),
      100,
    );

    await expect(world.create(world.properties())).rejects.toThrow(
      `codedeploy:CreateDeploymentGroup on deployment group ${APPLICATION}/${DEPLOYMENT_GROUP} failed: InvalidRoleException: Cannot assume role provided.`,
    );
    expect(world.clock).toBeLessThanOrEqual(2 * 60_000);
  });
});

describe('delete', () => {
  /**
   * Auto Scaling reports a force-deleted group as "Delete in progress" until its instances have
   * terminated (minutes on AWS); moto deletes at once. This client shows each deleted group for
   * `polls` more DescribeAutoScalingGroups answers.
   */
  function slowDeletes(polls: number): AutoScalingClient {
    const client = new AutoScalingClient({
      endpoint: world.moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const deleting = new Map<string, number>();
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { AutoScalingGroupName?: string };
        const out = await next(args);
        if (args.input && 'ForceDelete' in (args.input as object) && input.AutoScalingGroupName) {
          deleting.set(input.AutoScalingGroupName, polls);
        }
        const groups = (out.output as { AutoScalingGroups?: unknown[] }).AutoScalingGroups;
        if (groups) {
          for (const [name, left] of deleting) {
            if (left > 0) {
              groups.push({
                AutoScalingGroupName: name,
                Status: 'Delete in progress',
                MinSize: 0,
                MaxSize: 0,
                DesiredCapacity: 0,
                Instances: [{ InstanceId: 'i-terminating' }],
                Tags: [{ Key: naming.tagKey('fleet'), Value: FLEET_ID }],
              });
              deleting.set(name, left - 1);
            }
          }
        }
        return out;
      },
      { step: 'initialize', name: 'slowDeletes' },
    );
    return client;
  }

  test('waits until the groups are gone, then succeeds; a second delete succeeds too', async () => {
    const props = world.properties();
    await world.create(props);
    await deploy();
    const stray = await world.codeDeploy.startDeployment(APPLICATION, DEPLOYMENT_GROUP);
    await stray.provisionGreen();
    await stray.fail(); // leaves a copy too
    const client = slowDeletes(3);
    world.clients = { ...world.clients, autoScaling: client };

    await world.delete(props, { pollIntervalMs: 15_000 });

    expect(world.clock).toBeGreaterThanOrEqual(30_000);
    expect(world.logs.join('\n')).toMatch(/waiting for .* \(Delete in progress\) to be deleted/);
    expect(await world.groups()).toEqual([]);
    expect(await world.fleetAlarms()).toEqual([]);
    expect(world.codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)).toBeUndefined();
    await expect(world.delete(props)).resolves.toEqual({ PhysicalResourceId: FLEET_ID });
    client.destroy();
  });

  test('a scheduled run while the delete waits for the instances finds no state and creates nothing', async () => {
    const props = world.properties();
    await world.create(props);
    const client = slowDeletes(2);
    world.clients = { ...world.clients, autoScaling: client };
    let during: unknown;

    await world.delete(props, {
      sleep: async (ms) => {
        world.clock += ms;
        during ??= await world.scheduledRun(); // the schedule fires while Delete polls
      },
    });

    expect(during).toMatchObject({ skipped: true });
    expect(await world.groups()).toEqual([]);
    client.destroy();
  });

  test('fails with the groups that remain when they outlive the wait', async () => {
    const props = world.properties();
    await world.create(props);
    const client = slowDeletes(1_000);
    world.clients = { ...world.clients, autoScaling: client };

    await expect(world.delete(props, { groupsGoneTimeoutMs: 60_000 })).rejects.toThrow(
      `Auto Scaling group(s) ${FIRST_GROUP} (1 instances, Delete in progress) of fleet ${FLEET_ID} still exist after the delete`,
    );
    client.destroy();
  });
});

describe("the handler's own clients", () => {
  test('read AWS_ENDPOINT_URL like any SDK v3 client and retry adaptively', async () => {
    await world.create(world.properties());
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: world.moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    const own = defaultClients();
    try {
      const groups = await own.autoScaling.send(new DescribeAutoScalingGroupsCommand({}));
      expect(groups.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual([FIRST_GROUP]);
      for (const client of [own.autoScaling, own.cloudWatch, own.codeDeploy, own.elbv2, own.ssm]) {
        expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
      }
    } finally {
      process.env = saved;
      for (const client of [own.autoScaling, own.cloudWatch, own.codeDeploy, own.elbv2, own.ssm]) {
        client.destroy();
      }
    }
  });
});

describe('fault injection: a run interrupted between two steps converges on the next run', () => {
  const fault = (failAt: number) => ({
    beforeAction: (_action: unknown, index: number) => {
      if (index === failAt) throw new Error(`injected fault before action ${index}`);
    },
  });

  // Create runs 6 actions (group, policy, alarm, policy, alarm, deployment group): fail before each.
  test.each([1, 2, 3, 4, 5])(
    'create interrupted before action %i; the scheduled run finishes it',
    async (failAt) => {
      const props = world.properties();
      await expect(world.create(props, fault(failAt))).rejects.toThrow(
        `injected fault before action ${failAt}`,
      );

      await world.scheduledRun();

      await expectConverged(world, FIRST_GROUP);
      expect((await world.scheduledRun()).actions).toEqual([]);
    },
  );

  // After a deployment: tags, health check, target group, policy, alarm, policy, alarm.
  test.each([1, 2, 3, 4])('post-deployment reconcile interrupted before action %i', async (failAt) => {
    await world.create(world.properties());
    const d = await deploy(false);
    const [success] = world.codeDeploy.takeEvents().filter((e) => e.detail.state === 'SUCCESS');
    await expect(world.deliver(success, fault(failAt))).rejects.toThrow(
      `injected fault before action ${failAt}`,
    );

    await world.deliver(success); // Lambda's async retry

    await expectConverged(world, d.greenGroupName);
  });

  test('a delete of a group that is already gone succeeds', async () => {
    const props = world.properties();
    await world.create(props);
    await world.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: FIRST_GROUP, ForceDelete: true }),
    );
    await expect(world.delete(props)).resolves.toEqual({ PhysicalResourceId: FLEET_ID });
  });
});
