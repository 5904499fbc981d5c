/**
 * A day in the life of one fleet, read top to bottom: the real handler (the functions the Lambda
 * runs) against moto (Auto Scaling, CloudWatch, EC2, ELBv2, SSM) and the CodeDeploy simulator,
 * which plays each deployment step by step (copy, traffic, blue wait, end) as CodeDeploy does.
 *
 * The chapters share one world and run in order; each says what a real account would see.
 * docs/fleet.md draws the same timeline.
 */
import { UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { SimulatedDeployment } from '@comptastar/test-support';
import { APP, expectConverged, FIRST_GROUP, FleetWorld, names, STATE_PARAMETER } from './support/fleet-world';

const ROLLBACK_ALARM = names.unhealthyHostsAlarmName(APP);

let world: FleetWorld;
/** The properties CloudFormation last sent (what the stack says). */
let stackProps: unknown;
/** The deployment of the current chapter. */
let deployment: SimulatedDeployment;

beforeAll(async () => {
  world = await FleetWorld.start();
  await world.reset();
  // The stack's rollback alarm (CloudFormation owns it): unhealthy targets in the target group.
  await world.cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: ROLLBACK_ALARM,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  await setRollbackAlarm('OK');
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

async function setRollbackAlarm(state: 'OK' | 'ALARM') {
  await world.cloudWatch.send(
    new SetAlarmStateCommand({ AlarmName: ROLLBACK_ALARM, StateValue: state, StateReason: 'test' }),
  );
}

/** A deployment up to the blue termination wait: copy made, traffic moved. */
async function deployUntilBlueWait(): Promise<SimulatedDeployment> {
  const d = await world.codeDeploy.startDeployment(
    names.codeDeployApplicationName(APP),
    names.deploymentGroupName(APP),
  );
  await d.provisionGreen();
  await d.moveTraffic();
  return d;
}

describe('a day in the life of the api fleet', () => {
  test('1. cdk deploy creates the fleet from nothing: a first group with no app, nothing in the target group', async () => {
    stackProps = world.properties({ rollbackAlarmNames: [ROLLBACK_ALARM] });

    const result = await world.create(stackProps);

    expect(result.Data?.AutoScalingGroupName).toBe(FIRST_GROUP);
    await expectConverged(world, FIRST_GROUP);
    // EC2 health checks and no target group: nothing replaces the instances in a loop after the
    // grace period, and no unhealthy target can set off the rollback alarm before the app runs.
    expect(await world.registeredTargets()).toEqual([]);
    expect((await world.storedState())?.value.launchTemplateVersion).toBe('1');
  });

  test('2. the first deployment is not stopped by an alarm; once traffic moved, the green copy scales', async () => {
    deployment = await deployUntilBlueWait();
    expect(deployment.status()).toBe('InProgress');
    expect(await world.registeredTargets()).toEqual(
      (await world.group(deployment.greenGroupName))!.Instances!.map((i) => i.InstanceId).sort(),
    );

    // During the 15-minute blue wait, the scheduled run hands scaling over to the green copy.
    const run = await world.scheduledRun();

    expect(run).toMatchObject({
      phase: 'deployment-traffic-moved',
      liveGroupName: deployment.greenGroupName,
    });
    for (const alarm of await world.alarmTargets()) {
      expect(alarm.group).toBe(deployment.greenGroupName);
    }
    // The original is left to CodeDeploy: the fleet never changes it during a deployment.
    expect((await world.group(FIRST_GROUP))?.HealthCheckType).toBe('EC2');
  });

  test('3. the deployment ends: the copy serves with ELB health checks, the target group and its scaling', async () => {
    await deployment.finish();
    await world.deliverAll();

    expect(world.liveGroupOfDeploymentGroup()).toBe(deployment.greenGroupName);
    await expectConverged(world, deployment.greenGroupName);
  });

  test('4. under load the group scales out; a reconcile keeps the scaled count', async () => {
    await world.autoScaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: deployment.greenGroupName,
        DesiredCapacity: 3,
      }),
    );

    await world.scheduledRun();

    await expectConverged(world, deployment.greenGroupName, { desired: 3 });
  });

  test('5. cdk deploy with a new instance type during the blue wait returns at once and changes no group', async () => {
    deployment = await deployUntilBlueWait();
    const before = world.clock;
    const oldProps = stackProps;
    stackProps = world.properties({ rollbackAlarmNames: [ROLLBACK_ALARM], launchTemplateVersion: '2' });

    const result = await world.update(stackProps, oldProps);

    expect(world.clock).toBe(before); // no wait at all, let alone CloudFormation's 10-minute limit
    expect(result.Data?.AutoScalingGroupName).toBe(deployment.greenGroupName);
    expect((await world.storedState())?.value.launchTemplateVersion).toBe('2');
    expect((await world.group(deployment.originalGroupName))?.LaunchTemplate?.Version).toBe('1');
    expect((await world.group(deployment.greenGroupName))?.LaunchTemplate?.Version).toBe('1');
    expect(world.logs.join('\n')).toContain(
      `deployment ${deployment.id} moved traffic to ${deployment.greenGroupName}`,
    );
  });

  test('6. the deployment ends: the new state lands on the group that serves, the scaled count kept', async () => {
    await deployment.finish();
    await world.deliverAll();

    await expectConverged(world, deployment.greenGroupName, { launchTemplateVersion: '2', desired: 3 });
  });

  let lateEvent: unknown;
  test('7. a late event from before the update changes nothing back', async () => {
    // The first deployment's SUCCESS, delivered again hours later (EventBridge and Lambda's async
    // retries may deliver an event late or twice). An earlier release put the desired state in the
    // rule's input; that old state rides along here and must be ignored.
    lateEvent = {
      source: 'aws.codedeploy',
      'detail-type': 'CodeDeploy Deployment State-change Notification',
      detail: { deploymentId: 'd-SIM1', state: 'SUCCESS' },
      Fleet: world.properties({ rollbackAlarmNames: [ROLLBACK_ALARM], launchTemplateVersion: '1' }),
    };

    await world.deliver(lateEvent as never);

    await expectConverged(world, deployment.greenGroupName, { launchTemplateVersion: '2', desired: 3 });
  });

  test('8. a deployment whose events are all lost: the scheduled run repairs scaling', async () => {
    deployment = await deployUntilBlueWait();
    await deployment.finish();
    world.codeDeploy.takeEvents(); // lost: EventBridge delivers CodeDeploy events best effort

    // Deleting the original deleted its policies and the alarms that pointed at them:
    // the group that serves now has no working alarm.
    const live = world.liveGroupOfDeploymentGroup()!;
    expect((await world.alarmTargets()).filter((a) => a.group === live)).toEqual([]);

    await world.scheduledRun();

    await expectConverged(world, live, { launchTemplateVersion: '2', desired: 3 });
  });

  test('9. a deployment stopped by an alarm: its copy is removed, the original keeps serving', async () => {
    const serving = world.liveGroupOfDeploymentGroup()!;
    deployment = await world.codeDeploy.startDeployment(
      names.codeDeployApplicationName(APP),
      names.deploymentGroupName(APP),
    );
    await deployment.provisionGreen();
    await setRollbackAlarm('ALARM'); // the new revision answers 5xx
    await deployment.moveTraffic().catch(() => undefined); // CodeDeploy checks its alarms and stops
    expect(deployment.status()).toBe('Stopped');
    await setRollbackAlarm('OK');

    const delivered = await world.deliverAll();

    expect(delivered.map((d) => d.event.detail?.state)).toEqual(['STOP']);
    expect(await world.group(deployment.greenGroupName)).toBeUndefined();
    await expectConverged(world, serving, { launchTemplateVersion: '2', desired: 3 });
    expect(world.logs.join('\n')).toContain(`deleting group ${deployment.greenGroupName}`);
  });

  test('10. a failed deployment (ValidateService): its copy is removed too', async () => {
    const serving = world.liveGroupOfDeploymentGroup()!;
    deployment = await world.codeDeploy.startDeployment(
      names.codeDeployApplicationName(APP),
      names.deploymentGroupName(APP),
    );
    await deployment.provisionGreen();
    await deployment.fail();

    await world.deliverAll();

    await expectConverged(world, serving, { launchTemplateVersion: '2', desired: 3 });
  });

  test('11. a stack update that fails elsewhere rolls back during a deployment, and nothing wedges', async () => {
    deployment = await deployUntilBlueWait();
    const before = world.clock;
    const good = stackProps;
    const bigger = world.properties({
      rollbackAlarmNames: [ROLLBACK_ALARM],
      launchTemplateVersion: '2',
      scaling: { maxCapacity: 6 },
    });

    // The fleet's update succeeds at once; another resource of the stack then fails and
    // CloudFormation sends the old properties back: that succeeds at once too.
    await world.update(bigger, good);
    await world.update(good, bigger);

    expect(world.clock).toBe(before);
    expect((await world.storedState())?.value.maxSize).toBe(4);
    await deployment.finish();
    await world.deliverAll();
    await expectConverged(world, deployment.greenGroupName, { launchTemplateVersion: '2', desired: 3 });
  });

  test('12. cdk destroy during a deployment: stops it, deletes everything, returns once the groups are gone', async () => {
    deployment = await world.codeDeploy.startDeployment(
      names.codeDeployApplicationName(APP),
      names.deploymentGroupName(APP),
    );
    await deployment.provisionGreen();

    await world.delete(stackProps);

    expect(deployment.status()).toBe('Stopped');
    expect(await world.groups()).toEqual([]);
    expect(await world.fleetAlarms()).toEqual([]);
    expect(world.liveGroupOfDeploymentGroup()).toBeUndefined();
    expect(await world.storedState()).toBeUndefined();
    // Events still in flight after the stack is gone find no state and do nothing.
    const late = await world.deliver(lateEvent as never);
    expect(late).toMatchObject({ skipped: true });
    expect(world.logs.join('\n')).toContain(`no desired state in ${STATE_PARAMETER}`);
  });
});
