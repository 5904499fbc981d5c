/**
 * The world the fleet handler runs in during tests: moto (Auto Scaling, CloudWatch, EC2, ELBv2,
 * SSM) on a loopback port, the CodeDeploy simulator, a launch template with two versions, a target
 * group, and a fake clock so that no test sleeps. `FleetWorld` calls the handler exactly as its
 * three callers do (CloudFormation through the Provider, CodeDeploy events, the schedule).
 */
import {
  AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  CodeDeploySimulator,
  CodeDeploySimulatorOptions,
  createFleetPrerequisites,
  MotoFleetServices,
  MotoServer,
  startMoto,
} from '@comptastar/test-support';
import { Naming, ScalingConfig } from '../../../src/config';
import { ResolvedServiceConfig, ServiceConfigs } from '../../../src/config/resolved-service-config';
import { ResourceNames, ScalingDirection } from '../../../src/config/resource-names';
import {
  FleetResourceEvent,
  FleetTriggerEvent,
  HandlerOptions,
  onResourceEvent,
  onTriggerEvent,
} from '../../../src/fleet/fleet-handler.lambda';
import { FleetClients } from '../../../src/fleet/handler/aws/clients';

export const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });
/** The library's internal name builders for `naming`. */
export const names = ResourceNames.of(naming);
export const APP = 'api';
export const APPLICATION = names.codeDeployApplicationName(APP);
export const DEPLOYMENT_GROUP = names.deploymentGroupName(APP);
export const FIRST_GROUP = names.autoScalingGroupName(APP);
export const COPY_PREFIX = names.codeDeployCopyGroupPrefix(APP);
export const ALARM_PREFIX = names.scalingAlarmNamePrefix(APP);
export const STATE_PARAMETER = names.fleetStateParameterName(APP);
export const FLEET_ID = names.fleetId(APP);
export const SERVICE_ROLE = 'arn:aws:iam::123456789012:role/codedeploy-service-role';
/** The CodeDeploy states the fleet's EventBridge rule matches. */
const RULE_STATES = ['SUCCESS', 'FAILURE', 'STOP'];

/** The test app's configuration as the library resolves it, with `scaling` (default: the library's). */
export function appConfig(scaling: ScalingConfig = {}): ResolvedServiceConfig {
  return ServiceConfigs.resolve(naming, {
    appName: APP,
    port: 3001,
    healthCheck: { path: '/health' },
    scaling,
  });
}

/** Settings of the fleet's properties in a test. */
export interface FleetSettings {
  readonly scaling?: ScalingConfig;
  readonly launchTemplateVersion?: string;
  readonly rollbackAlarmNames?: string[];
}

export class FleetWorld extends MotoFleetServices {
  /** Starts moto (once per test file). */
  public static async start(): Promise<FleetWorld> {
    return new FleetWorld(await startMoto());
  }

  public readonly ssm: SSMClient;
  /** Every line the handler logged since the last reset. */
  public readonly logs: string[] = [];
  /** Fake time: the handler's waits advance it instead of sleeping. */
  public clock = 0;
  public codeDeploy!: CodeDeploySimulator;
  public clients!: FleetClients;
  public subnetIds: string[] = [];
  public launchTemplateId = '';
  public targetGroupArn = '';
  public readonly targetGroupName = appConfig().targetGroupName;

  private constructor(moto: MotoServer) {
    // Adaptive retries, as the fleet handler's clients.
    super(moto, { retryMode: 'adaptive' });
    this.ssm = new SSMClient({ ...moto.clientConfig, retryMode: 'adaptive' });
  }

  /** Empties moto, builds the VPC-side resources again and a new simulator. */
  public async reset(copy: CodeDeploySimulatorOptions['copy'] = {}): Promise<void> {
    await this.moto.reset();
    this.logs.length = 0;
    this.clock = 0;
    this.codeDeploy = this.newCodeDeploySimulator(copy);
    this.codeDeploy.createApplication(APPLICATION);
    this.clients = {
      autoScaling: this.autoScaling,
      cloudWatch: this.cloudWatch,
      codeDeploy: this.codeDeploy as unknown as CodeDeployClient,
      elbv2: this.elbv2,
      ssm: this.ssm,
    };
    // launch template version 2: a new instance type (or a new AMI), as a `cdk deploy` would bring
    const ground = await createFleetPrerequisites(this, {
      launchTemplateName: `${names.resourcePrefix(APP)}-lt`,
      instanceTypes: ['t3.small', 't3.medium'],
      targetGroupName: this.targetGroupName,
      port: appConfig().port,
    });
    this.subnetIds = ground.subnetIds;
    this.launchTemplateId = ground.launchTemplateId;
    this.targetGroupArn = ground.targetGroupArn;
  }

  public async stop(): Promise<void> {
    this.ssm.destroy();
    await super.stop();
  }

  /** Options of every handler call: the state parameter, the log, the fake clock. */
  public handlerOptions(extra: Partial<HandlerOptions> = {}): HandlerOptions {
    return {
      stateParameterName: STATE_PARAMETER,
      log: (line: string) => void this.logs.push(line),
      now: () => this.clock,
      sleep: async (ms: number) => void (this.clock += ms),
      ...extra,
    };
  }

  /** The fleet's properties as CloudFormation sends them: every scalar a string. */
  public properties(settings: FleetSettings = {}): unknown {
    const config = appConfig(settings.scaling);
    const s = config.scaling;
    const policy = (up: boolean) => ({
      policyName: up ? config.scaleUpPolicyName : config.scaleDownPolicyName,
      scalingAdjustment: up ? 1 : -1,
      cooldownSeconds: s.cooldownSeconds,
      alarmName: names.scalingAlarmName(
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
      fleetId: FLEET_ID,
      tagKeys: { fleet: naming.tagKey('fleet'), desiredConfig: naming.tagKey('desired-config') },
      autoScalingGroupName: FIRST_GROUP,
      copyGroupPrefix: COPY_PREFIX,
      alarmNamePrefix: ALARM_PREFIX,
      launchTemplateId: this.launchTemplateId,
      launchTemplateVersion: settings.launchTemplateVersion ?? '1',
      subnetIds: this.subnetIds,
      targetGroupArn: this.targetGroupArn,
      targetGroupName: this.targetGroupName,
      minSize: s.minCapacity,
      maxSize: s.maxCapacity,
      desiredCapacity: s.desiredCapacity,
      healthCheckGracePeriodSeconds: 120,
      tags: [{ key: naming.tagKey('app'), value: APP }],
      policies: [policy(true), policy(false)],
      deploymentGroup: {
        applicationName: APPLICATION,
        deploymentGroupName: DEPLOYMENT_GROUP,
        serviceRoleArn: SERVICE_ROLE,
        terminationWaitMinutes: 15,
        rollbackAlarmNames: settings.rollbackAlarmNames ?? [],
      },
    });
  }

  // -- the handler's three callers ------------------------------------------------------------

  /** CloudFormation Create. */
  public async create(props: unknown, extra: Partial<HandlerOptions> = {}) {
    return onResourceEvent(
      { RequestType: 'Create', ResourceProperties: { Fleet: props } },
      this.clients,
      this.handlerOptions(extra),
    );
  }

  /** CloudFormation Update (also how it rolls back a failed update: the old properties again). */
  public async update(props: unknown, old: unknown, extra: Partial<HandlerOptions> = {}) {
    const event: FleetResourceEvent = {
      RequestType: 'Update',
      PhysicalResourceId: FLEET_ID,
      ResourceProperties: { Fleet: props },
      OldResourceProperties: { Fleet: old },
    };
    return onResourceEvent(event, this.clients, this.handlerOptions(extra));
  }

  /** CloudFormation Delete. */
  public async delete(props: unknown, extra: Partial<HandlerOptions> = {}) {
    return onResourceEvent(
      { RequestType: 'Delete', PhysicalResourceId: FLEET_ID, ResourceProperties: { Fleet: props } },
      this.clients,
      this.handlerOptions(extra),
    );
  }

  /** EventBridge delivers one event to the handler (the rule passes it as it is). */
  public async deliver(event: FleetTriggerEvent, extra: Partial<HandlerOptions> = {}) {
    return onTriggerEvent(event, this.clients, this.handlerOptions(extra));
  }

  /**
   * Delivers, in order, the events the simulator emitted so far that the fleet's rule matches
   * (SUCCESS, FAILURE, STOP: see `Fleet`), and returns them.
   */
  public async deliverAll(): Promise<Array<{ event: FleetTriggerEvent; result: unknown }>> {
    const delivered = [];
    for (const event of this.codeDeploy.takeEvents()) {
      if (RULE_STATES.includes(event.detail.state)) {
        delivered.push({ event, result: await this.deliver(event) });
      }
    }
    return delivered;
  }

  /** The scheduled reconcile (an EventBridge scheduled event). */
  public async scheduledRun(extra: Partial<HandlerOptions> = {}) {
    return this.deliver({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, extra);
  }

  // -- what AWS holds ---------------------------------------------------------------------------

  public async groups(): Promise<AutoScalingGroup[]> {
    return (await this.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
  }

  public async group(name: string): Promise<AutoScalingGroup | undefined> {
    return (
      await this.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))
    ).AutoScalingGroups?.[0];
  }

  /** Every policy moto holds, of any group (moto keeps the policies of deleted groups). */
  public async policies() {
    return (await this.autoScaling.send(new DescribePoliciesCommand({}))).ScalingPolicies ?? [];
  }

  public async fleetAlarms(): Promise<MetricAlarm[]> {
    return (
      (await this.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: ALARM_PREFIX })))
        .MetricAlarms ?? []
    );
  }

  /** Ids of the instances registered in the target group. */
  public async registeredTargets(): Promise<string[]> {
    const out = await this.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: this.targetGroupArn }),
    );
    return (out.TargetHealthDescriptions ?? []).map((t) => t.Target!.Id!).sort();
  }

  /** The stored desired state's launch template version and max size, or undefined. */
  public async storedState(): Promise<{ version: number; value: any } | undefined> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: STATE_PARAMETER }));
      return { version: out.Parameter!.Version!, value: JSON.parse(out.Parameter!.Value!) };
    } catch (err) {
      if ((err as Error).name === 'ParameterNotFound') return undefined;
      throw err;
    }
  }

  /** The group the deployment group names. */
  public liveGroupOfDeploymentGroup(): string | undefined {
    return this.codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)?.autoScalingGroups?.[0]?.name;
  }

  /** Alarms (name -> dimension value and actions) of the fleet, sorted by name. */
  public async alarmTargets(): Promise<Array<{ name: string; group: string; actions: string[] }>> {
    return (await this.fleetAlarms())
      .map((a) => ({
        name: a.AlarmName!,
        group: a.Dimensions?.find((d) => d.Name === 'AutoScalingGroupName')?.Value ?? '',
        actions: a.AlarmActions ?? [],
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

function stringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringify);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringify(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/**
 * Asserts the whole fleet is in the desired state on `groupName` and nothing else exists: one
 * group, its bounds, health check (EC2 on the first group, which has no app; ELB on a copy), target
 * group, tags, the two policies, the two alarms pointing at them, the deployment group naming it.
 */
export async function expectConverged(
  world: FleetWorld,
  groupName: string,
  settings: FleetSettings & { desired?: number } = {},
) {
  const config = appConfig(settings.scaling);
  const s = config.scaling;
  const groups = await world.groups();
  expect(groups.map((g) => g.AutoScalingGroupName)).toEqual([groupName]);
  const g = groups[0];
  const first = groupName === FIRST_GROUP;
  expect({
    min: g.MinSize,
    max: g.MaxSize,
    desired: g.DesiredCapacity,
    launchTemplateVersion: g.LaunchTemplate?.Version,
    healthCheck: g.HealthCheckType,
    grace: g.HealthCheckGracePeriod,
    targetGroups: g.TargetGroupARNs ?? [],
  }).toEqual({
    min: s.minCapacity,
    max: s.maxCapacity,
    desired: settings.desired ?? s.desiredCapacity,
    launchTemplateVersion: settings.launchTemplateVersion ?? '1',
    healthCheck: first ? 'EC2' : 'ELB',
    grace: 120,
    targetGroups: first ? [] : [world.targetGroupArn],
  });
  const tags = Object.fromEntries((g.Tags ?? []).map((t) => [t.Key, t.Value]));
  expect(tags).toMatchObject({ [naming.tagKey('fleet')]: FLEET_ID, [naming.tagKey('app')]: APP });

  const policies = (
    await world.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: groupName }))
  ).ScalingPolicies!;
  expect(policies.map((p) => [p.PolicyName, p.ScalingAdjustment, p.Cooldown]).sort()).toEqual(
    [
      [config.scaleDownPolicyName, -1, s.cooldownSeconds],
      [config.scaleUpPolicyName, 1, s.cooldownSeconds],
    ].sort(),
  );
  const arnOf = (name: string) => policies.find((p) => p.PolicyName === name)!.PolicyARN!;
  expect(await world.alarmTargets()).toEqual(
    [
      {
        name: names.scalingAlarmName(APP, ScalingDirection.DOWN, s.scaleDownCpuPercent),
        group: groupName,
        actions: [arnOf(config.scaleDownPolicyName)],
      },
      {
        name: names.scalingAlarmName(APP, ScalingDirection.UP, s.scaleUpCpuPercent),
        group: groupName,
        actions: [arnOf(config.scaleUpPolicyName)],
      },
    ].sort((a, b) => a.name.localeCompare(b.name)),
  );
  const dg = world.codeDeploy.deploymentGroup(APPLICATION, DEPLOYMENT_GROUP)!;
  expect(dg.autoScalingGroups?.map((a) => a.name)).toEqual([groupName]);
  expect(dg.deploymentStyle).toEqual({
    deploymentType: 'BLUE_GREEN',
    deploymentOption: 'WITH_TRAFFIC_CONTROL',
  });
  expect(dg.loadBalancerInfo).toEqual({ targetGroupInfoList: [{ name: world.targetGroupName }] });
}
