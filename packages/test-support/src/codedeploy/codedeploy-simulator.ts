/**
 * CodeDeploySimulator: CodeDeploy's EC2 blue/green deployment (COPY_AUTO_SCALING_GROUP, one target
 * group) for tests, played on moto's Auto Scaling, CloudWatch and ELBv2. `send(command)` answers the real
 * `@aws-sdk/client-codedeploy` command instances and throws the SDK's own exception classes, so it can
 * stand in for a `CodeDeployClient`. moto's own CodeDeploy cannot serve the fleet (malformed
 * autoScalingGroups, 500 on Update/DeleteDeploymentGroup), so CodeDeploy's state lives here, in memory;
 * everything CodeDeploy does to other services goes to moto through the clients passed in.
 *
 * A deployment is played by the test, one step at a time, so that it decides what happens in between
 * (a stack update, an alarm, a scale-out, a lost event):
 *
 *     const d = await sim.startDeployment(app, group);  // InProgress, START event
 *     await d.provisionGreen();                         // the copy CodeDeploy_<group>_<id>
 *     await d.moveTraffic();                            // AllowTraffic + BlockTraffic; the blue wait starts
 *     await d.finish();                                 // the original is deleted; SUCCESS event
 *     // or at any point: await d.fail() / await d.stop(), or StopDeployment through send()
 *
 * Every step first checks the deployment group's alarms, as CodeDeploy monitors them during the whole
 * deployment; a step on a deployment that has ended throws (CodeDeploy does nothing more once it has
 * ended), and so does a step out of order.
 *
 * Each behaviour cites where it comes from. "Inference" marks what no AWS page states.
 *
 * Revisions and per-instance lifecycle events are modelled as far as the operations command reads them:
 * a deployment carries the revision it was started with (startDeployment's options, or CreateDeployment),
 * each green instance is a deployment target whose lifecycle events advance with the steps, and
 * failLifecycleEvent() fails one event with the diagnostics the agent reports (ListDeploymentTargets,
 * BatchGetDeploymentTargets). StopDeployment with autoRollbackEnabled records rollbackInfo.
 *
 * Not modelled: lifecycle hooks in the groups (the hook names are reported, nothing is installed in
 * moto), follow-on deployments after a scale-out,
 * automatic rollback deployments (a rollback here only reroutes traffic), deployment configurations,
 * the termination wait time itself (the test calls finish() when it wants the wait to end), in-place
 * deployments, classic load balancers (elbInfoList), DISCOVER_EXISTING.
 *
 * moto 5.2 differences the simulator works around (see the test file for what moto does):
 * - DeregisterTargets of a target that is not registered throws InvalidTargetException in moto, while
 *   AWS "returns successfully" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeregisterTargets.html):
 *   the simulator only deregisters what DescribeTargetHealth lists as registered.
 * - DeleteAutoScalingGroup in moto terminates the instances but leaves them registered (and "healthy")
 *   in their target groups, and leaves the group's scaling policies and the alarms pointing at them:
 *   finish() deregisters, deletes the policies and strips/deletes the alarms itself.
 * - moto keys scaling policies by name only: the copy's policy (`copy.policies`) takes over the
 *   original's entry of the same name. The simulator remembers the original's policy ARNs so that
 *   finish() still strips the alarm actions that pointed at them, and never deletes the copy's policy.
 */
import {
  AutoScalingClient,
  AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  PutScalingPolicyCommand,
  ScalingPolicy,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  MetricAlarm,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  ApplicationDoesNotExistException,
  BatchGetDeploymentTargetsCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupInput,
  DeleteDeploymentGroupCommand,
  DeploymentAlreadyCompletedException,
  DeploymentDoesNotExistException,
  DeploymentGroupAlreadyExistsException,
  DeploymentGroupDoesNotExistException,
  DeploymentGroupInfo,
  DeploymentInfo,
  DeploymentLimitExceededException,
  DeploymentStyle,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  InvalidAlarmConfigException,
  InvalidAutoScalingGroupException,
  InvalidBlueGreenDeploymentConfigurationException,
  InstanceTarget,
  LifecycleErrorCode,
  LifecycleEvent,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  RevisionLocation,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
  UpdateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';

export interface CodeDeploySimulatorOptions {
  /** Auto Scaling (moto). */
  readonly autoScaling: AutoScalingClient;
  /** CloudWatch (moto): the deployment group's alarms, and the alarms of the deleted original. */
  readonly cloudWatch: CloudWatchClient;
  /** ELBv2 (moto): the deployment group's target group. */
  readonly elbv2: ElasticLoadBalancingV2Client;
  /**
   * What CodeDeploy's copy carries over from the original group (no AWS doc lists it).
   * AWS only says "CodeDeploy creates an Amazon EC2 Auto Scaling group by copying one you specify"
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-blue-green.html).
   * AWSCodeDeployRole grants CreateOrUpdateTags, AttachLoadBalancerTargetGroups and PutScalingPolicy
   * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRole.html), so each
   * may happen: inference, hence options.
   * - tags: the original's tags (with PropagateAtLaunch) are put on the copy;
   * - targetGroups: the copy is created attached to the original's TargetGroupARNs (an attached group
   *   registers its instances at launch: in moto at once, before moveTraffic; a deployment that ends
   *   before moveTraffic leaves them registered, as no traffic was rerouted);
   * - policies: the original's scaling policies are put on the copy under the same names (see the
   *   moto note at the top of this file). Alarms are never copied.
   * @default all false
   */
  readonly copy?: { readonly tags?: boolean; readonly targetGroups?: boolean; readonly policies?: boolean };
}

/**
 * A "CodeDeploy Deployment State-change Notification" as EventBridge delivers it (the fields the fleet
 * reads). CodeDeploy sends it "best effort"
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-codedeploy.html,
 * https://docs.aws.amazon.com/eventbridge/latest/ref/event-delivery-level.html): the test decides
 * whether to deliver each event, late, twice, out of order, or never.
 */
export type DeploymentEvent = {
  source: 'aws.codedeploy';
  'detail-type': 'CodeDeploy Deployment State-change Notification';
  time: string;
  detail: {
    application: string;
    deploymentGroup: string;
    deploymentId: string;
    state: 'START' | 'SUCCESS' | 'FAILURE' | 'STOP';
    region: string;
  };
};

export type SimulatedDeploymentStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped';

/** What startDeployment may say about a deployment beyond its group (all optional). */
export interface StartDeploymentOptions {
  /** The revision deployed, returned by GetDeployment (`deploymentInfo.revision`). */
  readonly revision?: RevisionLocation;
  /** `deploymentInfo.description`. */
  readonly description?: string;
  /** `deploymentInfo.creator`: "user" for a CreateDeployment call. @default - not reported */
  readonly creator?: DeploymentInfo['creator'];
}

/**
 * One failed lifecycle event as the CodeDeploy agent reports it (LifecycleEvent.diagnostics:
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html): "errorCode",
 * "scriptName", "message" and "logTail" ("The last portion of the diagnostic log. If available, CodeDeploy
 * returns up to the last 4 KB of the diagnostic log.").
 */
export interface LifecycleFailure {
  /** e.g. 'AfterInstall'. */
  readonly lifecycleEventName: string;
  /** @default 'ScriptFailed' */
  readonly errorCode?: LifecycleErrorCode;
  readonly scriptName: string;
  readonly message: string;
  readonly logTail: string;
  /** The green instance that failed. @default - the first green instance */
  readonly instanceId?: string;
}

/**
 * The lifecycle events of a green (replacement) instance in an EC2 blue/green deployment, in order
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html,
 * "Lifecycle event hooks availability": the replacement instances run these; the original ones run
 * BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic).
 */
export const GREEN_LIFECYCLE_EVENTS = [
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;

/** What a SimulatedDeployment needs from its simulator (not part of the tests' API). */
interface Host {
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly copy: { readonly tags: boolean; readonly targetGroups: boolean; readonly policies: boolean };
  requireGroup(applicationName: string, name: string): DeploymentGroupInfo;
  emit(deployment: SimulatedDeployment, state: DeploymentEvent['detail']['state']): void;
  region(): string;
}

const meta = { $metadata: {} };

/**
 * The launch hook CodeDeploy installs in a group of a deployment group: "When you create or update a
 * deployment group to include an Auto Scaling group, CodeDeploy ... installs a lifecycle hook"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html), named
 * "CodeDeploy-managed-automatic-launch-deployment-hook-DEPLOYMENT_GROUP_NAME"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/troubleshooting-auto-scaling.html).
 * Only the name is reported in GetDeploymentGroup; nothing is installed in moto.
 */
function launchHookName(deploymentGroupName: string): string {
  return `CodeDeploy-managed-automatic-launch-deployment-hook-${deploymentGroupName}`;
}

export class CodeDeploySimulator {
  /** Every command received by send(), by class name, in order (failed ones too). */
  public readonly calls: Array<{ command: string; input: any }> = [];
  private readonly applications = new Set<string>();
  private readonly groups = new Map<string, DeploymentGroupInfo>();
  private readonly deployments: SimulatedDeployment[] = [];
  private readonly failures: Array<{ command: string; error: Error; remaining: number }> = [];
  private readonly host: Host;
  private events: DeploymentEvent[] = [];
  private nextDeployment = 1;
  private nextGroupId = 1;
  private region = 'us-east-1';

  constructor(private readonly options: CodeDeploySimulatorOptions) {
    this.host = {
      autoScaling: options.autoScaling,
      cloudWatch: options.cloudWatch,
      elbv2: options.elbv2,
      copy: {
        tags: options.copy?.tags ?? false,
        targetGroups: options.copy?.targetGroups ?? false,
        policies: options.copy?.policies ?? false,
      },
      requireGroup: (applicationName, name) => this.requireGroup(applicationName, name),
      region: () => this.region,
      emit: (deployment, state) =>
        this.events.push({
          source: 'aws.codedeploy',
          'detail-type': 'CodeDeploy Deployment State-change Notification',
          time: new Date().toISOString(),
          detail: {
            application: deployment.applicationName,
            deploymentGroup: deployment.deploymentGroupName,
            deploymentId: deployment.id,
            state,
            region: this.region,
          },
        }),
    };
  }

  /** The CloudFormation-owned application (AWS::CodeDeploy::Application). */
  public createApplication(name: string): void {
    this.applications.add(name);
  }

  /** The deployment group as GetDeploymentGroup returns it (the live object), or undefined. */
  public deploymentGroup(applicationName: string, name: string): DeploymentGroupInfo | undefined {
    return this.groups.get(key(applicationName, name));
  }

  /**
   * Makes the next `times` calls of `commandName` (the command's class name, e.g.
   * 'CreateDeploymentGroupCommand') throw `error` without any effect, e.g. IAM propagation: "Cannot
   * assume role provided." (https://github.com/aws/aws-sdk-ruby/issues/772).
   */
  public failNext(commandName: string, error: Error, times = 1): void {
    this.failures.push({ command: commandName, error, remaining: times });
  }

  /**
   * The SDK client's entry point: GetDeploymentGroup, CreateDeploymentGroup, UpdateDeploymentGroup,
   * DeleteDeploymentGroup, ListDeployments, GetDeployment, StopDeployment, CreateDeployment,
   * ListDeploymentTargets, BatchGetDeploymentTargets. Anything else throws.
   */
  public async send(command: { input: any }): Promise<any> {
    const input = command.input;
    const name = command.constructor.name;
    this.calls.push({ command: name, input });
    const failure = this.failures.find((f) => f.command === name && f.remaining > 0);
    if (failure) {
      failure.remaining--;
      throw failure.error;
    }
    if (command instanceof GetDeploymentGroupCommand) {
      return {
        deploymentGroupInfo: structuredClone(
          this.requireGroup(input.applicationName, input.deploymentGroupName),
        ),
      };
    }
    if (command instanceof CreateDeploymentGroupCommand) return this.create(input);
    if (command instanceof UpdateDeploymentGroupCommand) return this.update(input);
    if (command instanceof DeleteDeploymentGroupCommand) {
      this.requireGroup(input.applicationName, input.deploymentGroupName);
      this.groups.delete(key(input.applicationName, input.deploymentGroupName));
      return { hooksNotCleanedUp: [] };
    }
    if (command instanceof ListDeploymentsCommand) return this.list(input);
    if (command instanceof GetDeploymentCommand) {
      return { deploymentInfo: this.requireDeployment(input.deploymentId).info() };
    }
    if (command instanceof CreateDeploymentCommand) {
      // "Deploys an application revision through the specified deployment group."
      // (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html); the
      // same checks as startDeployment (unknown application or group, one active deployment per group).
      const deployment = await this.startDeployment(input.applicationName, input.deploymentGroupName, {
        revision: input.revision,
        description: input.description,
        creator: 'user',
      });
      return { deploymentId: deployment.id };
    }
    if (command instanceof ListDeploymentTargetsCommand) {
      // "Returns an array of target IDs that are associated a deployment"; targetFilters TargetStatus
      // and ServerInstanceLabel (Blue | Green)
      // (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ListDeploymentTargets.html). No paging.
      const deployment = this.requireDeployment(input.deploymentId);
      const statuses: string[] | undefined = input.targetFilters?.TargetStatus;
      const labels: string[] | undefined = input.targetFilters?.ServerInstanceLabel;
      return {
        targetIds: deployment
          .targets()
          .filter((t) => !statuses || statuses.includes(t.status!))
          .filter((t) => !labels || labels.includes(t.instanceLabel!))
          .map((t) => t.targetId),
      };
    }
    if (command instanceof BatchGetDeploymentTargetsCommand) {
      // EC2/On-premises: "Each target object is an Amazon EC2 or on-premises instance"
      // (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BatchGetDeploymentTargets.html);
      // unknown ids are left out here (AWS answers DeploymentTargetDoesNotExistException).
      const deployment = this.requireDeployment(input.deploymentId);
      const ids: string[] = input.targetIds ?? [];
      return {
        deploymentTargets: deployment
          .targets()
          .filter((t) => ids.includes(t.targetId!))
          .map((instanceTarget) => ({ deploymentTargetType: 'InstanceTarget', instanceTarget })),
      };
    }
    if (command instanceof StopDeploymentCommand) {
      // "Attempts to stop an ongoing deployment."; DeploymentAlreadyCompletedException: "The deployment
      // is already complete." (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_StopDeployment.html)
      // The stop is immediate here: status 'Succeeded' ("The stop operation was successful"), never 'Pending'.
      const deployment = this.requireDeployment(input.deploymentId);
      if (deployment.status() !== 'InProgress') {
        throw new DeploymentAlreadyCompletedException({
          ...meta,
          message: `The deployment ${deployment.id} has already completed.`,
        });
      }
      await deployment.stop('MANUAL_STOP', input.autoRollbackEnabled === true);
      return { status: 'Succeeded', statusMessage: 'The stop operation was successful.' };
    }
    throw new Error(`CodeDeploySimulator: ${name} is not implemented`);
  }

  /**
   * Starts a deployment of the deployment group's current Auto Scaling group: status InProgress and a
   * START event; then the alarm check (see SimulatedDeployment) may stop it at once, with nothing copied.
   * A second active deployment of the same group throws DeploymentLimitExceededException:
   * "Concurrent deployments per deployment group: 1"
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html), message as observed in
   * https://github.com/CircleCI-Public/aws-ecs-orb/issues/181.
   */
  public async startDeployment(
    applicationName: string,
    deploymentGroupName: string,
    options: StartDeploymentOptions = {},
  ): Promise<SimulatedDeployment> {
    const info = this.requireGroup(applicationName, deploymentGroupName);
    const active = this.deployments.find(
      (d) =>
        d.applicationName === applicationName &&
        d.deploymentGroupName === deploymentGroupName &&
        d.status() === 'InProgress',
    );
    if (active) {
      throw new DeploymentLimitExceededException({
        ...meta,
        message: `The Deployment Group '${deploymentGroupName}' already has an active Deployment '${active.id}'`,
      });
    }
    const original = info.autoScalingGroups?.[0]?.name;
    if (!original) {
      throw new Error(
        `CodeDeploySimulator: deployment group ${deploymentGroupName} has no Auto Scaling group`,
      );
    }
    this.region = (await this.options.autoScaling.config.region()) ?? this.region;
    const deployment = new SimulatedDeployment(
      this.host,
      `d-SIM${this.nextDeployment++}`,
      applicationName,
      deploymentGroupName,
      original,
      options,
    );
    this.deployments.push(deployment);
    this.host.emit(deployment, 'START');
    await deployment.checkAlarms();
    return deployment;
  }

  /** Events emitted so far and not yet taken, oldest first. */
  public takeEvents(): DeploymentEvent[] {
    const taken = this.events;
    this.events = [];
    return taken;
  }

  private async create(input: CreateDeploymentGroupInput) {
    this.requireApplication(input.applicationName!);
    if (this.groups.has(key(input.applicationName!, input.deploymentGroupName!))) {
      throw new DeploymentGroupAlreadyExistsException({
        ...meta,
        message: `The deployment group ${input.deploymentGroupName} already exists`,
      });
    }
    await this.validate(input);
    const deploymentGroupId = `dg-${this.nextGroupId++}`;
    this.groups.set(key(input.applicationName!, input.deploymentGroupName!), {
      applicationName: input.applicationName,
      deploymentGroupId,
      deploymentGroupName: input.deploymentGroupName,
      deploymentConfigName: input.deploymentConfigName ?? 'CodeDeployDefault.OneAtATime',
      computePlatform: 'Server',
      ...this.settings(input.deploymentGroupName!, input),
    });
    return { deploymentGroupId };
  }

  private async update(input: UpdateDeploymentGroupInput) {
    const info = this.requireGroup(input.applicationName!, input.currentDeploymentGroupName!);
    await this.validate({ ...asInput(info), ...stripUndefined(input) });
    Object.assign(info, stripUndefined(this.settings(info.deploymentGroupName!, input)));
    return { hooksNotCleanedUp: [] };
  }

  /**
   * CreateDeploymentGroup / UpdateDeploymentGroup checks
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html, Errors):
   * - COPY_AUTO_SCALING_GROUP needs exactly one group: InvalidBlueGreenDeploymentConfigurationException,
   *   message as in https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2071;
   * - each named group must exist (asked of moto): InvalidAutoScalingGroupException;
   * - InvalidAlarmConfigException when "The alarm configuration is enabled, but the alarm list is empty"
   *   or "Two alarms with the same name have been specified" (same page, Errors). The number of alarms is not checked: the quota is now 50 and adjustable
   *   (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html).
   */
  private async validate(input: Partial<CreateDeploymentGroupInput>) {
    const copy =
      input.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action ===
      'COPY_AUTO_SCALING_GROUP';
    const groups = input.autoScalingGroups ?? [];
    if (input.deploymentStyle?.deploymentType === 'BLUE_GREEN' && copy && groups.length !== 1) {
      throw new InvalidBlueGreenDeploymentConfigurationException({
        ...meta,
        message:
          'Exactly one AutoScaling group must be specifed when selecting the COPY_AUTO_SCALING_GROUP green fleet provisioning option.',
      });
    }
    for (const name of groups) {
      if (!(await this.groupExists(name))) {
        throw new InvalidAutoScalingGroupException({
          ...meta,
          message: `Auto Scaling group ${name} does not exist`,
        });
      }
    }
    const alarms = (input.alarmConfiguration?.alarms ?? []).map((a) => a.name);
    if (input.alarmConfiguration?.enabled && alarms.length === 0) {
      throw new InvalidAlarmConfigException({
        ...meta,
        message: 'The alarm configuration is enabled, but the alarm list is empty.',
      });
    }
    if (new Set(alarms).size !== alarms.length || alarms.some((a) => !a)) {
      throw new InvalidAlarmConfigException({
        ...meta,
        message: 'The alarm configuration is invalid: empty or duplicate alarm names.',
      });
    }
  }

  private async groupExists(name: string): Promise<boolean> {
    const out = await this.options.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    );
    return (out.AutoScalingGroups ?? []).length > 0;
  }

  private settings(
    deploymentGroupName: string,
    input: Partial<CreateDeploymentGroupInput>,
  ): Partial<DeploymentGroupInfo> {
    return {
      serviceRoleArn: input.serviceRoleArn,
      autoScalingGroups: input.autoScalingGroups?.map((name) => ({
        name,
        hook: launchHookName(deploymentGroupName),
      })),
      deploymentStyle: input.deploymentStyle,
      blueGreenDeploymentConfiguration: input.blueGreenDeploymentConfiguration,
      loadBalancerInfo: input.loadBalancerInfo,
      autoRollbackConfiguration: input.autoRollbackConfiguration,
      alarmConfiguration: input.alarmConfiguration,
    };
  }

  /**
   * ListDeployments: "If applicationName is specified, then deploymentGroupName must be specified"
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ListDeployments.html); an unknown
   * application or group throws the errors that page lists. Newest first; no paging.
   */
  private list(input: {
    applicationName?: string;
    deploymentGroupName?: string;
    includeOnlyStatuses?: string[];
  }) {
    if (input.applicationName) this.requireGroup(input.applicationName, input.deploymentGroupName!);
    const statuses = input.includeOnlyStatuses;
    return {
      deployments: this.deployments
        .filter((d) => !input.applicationName || d.applicationName === input.applicationName)
        .filter((d) => !input.deploymentGroupName || d.deploymentGroupName === input.deploymentGroupName)
        .filter((d) => !statuses || statuses.includes(d.status()))
        .map((d) => d.id)
        .reverse(),
    };
  }

  /** DeploymentDoesNotExistException (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeployment.html). */
  private requireDeployment(id: string): SimulatedDeployment {
    const deployment = this.deployments.find((d) => d.id === id);
    if (!deployment) {
      throw new DeploymentDoesNotExistException({
        ...meta,
        message: `The deployment ${id} could not be found.`,
      });
    }
    return deployment;
  }

  private requireApplication(name: string): void {
    if (!this.applications.has(name)) {
      throw new ApplicationDoesNotExistException({
        ...meta,
        message: `No application found for name: ${name}`,
      });
    }
  }

  private requireGroup(applicationName: string, name: string): DeploymentGroupInfo {
    this.requireApplication(applicationName);
    const info = this.groups.get(key(applicationName, name));
    if (!info) {
      throw new DeploymentGroupDoesNotExistException({
        ...meta,
        message: `No Deployment Group found for name: ${name}`,
      });
    }
    return info;
  }
}

/** One deployment, played step by step by the test. Made by CodeDeploySimulator.startDeployment. */
export class SimulatedDeployment {
  /** The group CodeDeploy copies: the deployment group's group when the deployment started. */
  public readonly originalGroupName: string;
  /**
   * The copy: "CodeDeploy_deployment_group_name_deployment_id"
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html).
   */
  public readonly greenGroupName: string;
  private readonly createTime = new Date();
  private readonly deploymentStyle?: DeploymentStyle;
  private readonly keepAlive: boolean;
  private current: SimulatedDeploymentStatus = 'InProgress';
  private stage: 'started' | 'provisioned' | 'trafficMoved' = 'started';
  private completeTime?: Date;
  private errorInformation?: { code: string; message: string };
  private waitStarted = false;
  /** Original instances deregistered by BlockTraffic, per target group ARN: what a rollback re-registers. */
  private readonly blockedOriginal = new Map<string, string[]>();
  /** The original's policies as they were before the copy's took their names in moto. */
  private readonly originalPolicies: ScalingPolicy[] = [];
  /** The green instances as deployment targets (made by provisionGreen). */
  private readonly instanceTargets: InstanceTarget[] = [];
  private rollbackInfo?: DeploymentInfo['rollbackInfo'];

  /** @internal made by CodeDeploySimulator.startDeployment */
  constructor(
    private readonly host: Host,
    /** d-SIM<n>, unique in the simulator. */
    public readonly id: string,
    public readonly applicationName: string,
    public readonly deploymentGroupName: string,
    originalGroupName: string,
    private readonly options: StartDeploymentOptions = {},
  ) {
    this.originalGroupName = originalGroupName;
    this.greenGroupName = `CodeDeploy_${deploymentGroupName}_${id}`;
    const info = host.requireGroup(applicationName, deploymentGroupName);
    this.deploymentStyle = structuredClone(info.deploymentStyle);
    this.keepAlive =
      info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.action ===
      'KEEP_ALIVE';
  }

  public status(): SimulatedDeploymentStatus {
    return this.current;
  }

  /**
   * Creates the copy in moto from the original group, after the alarm check: launch template (id and
   * version), MinSize, MaxSize, subnets, health check type and grace period, and DesiredCapacity = the
   * original's healthy InService instances: "The number of currently healthy instances in the Amazon
   * EC2 Auto Scaling group you select is created in your replacement environment."
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-blue-green.html).
   * Tags, target groups and scaling policies per the `copy` option (inference). If the original group
   * no longer exists the deployment fails (AUTO_SCALING_CONFIGURATION; inference: no page says what
   * CodeDeploy does then).
   */
  public async provisionGreen(): Promise<void> {
    this.requireStep('provisionGreen', 'started');
    if (await this.checkAlarms()) return;
    const asg = this.host.autoScaling;
    const original = await describeGroup(asg, this.originalGroupName);
    if (!original) {
      await this.end('Failed', {
        code: 'AUTO_SCALING_CONFIGURATION',
        message: `Auto Scaling group ${this.originalGroupName} does not exist`,
      });
      return;
    }
    const healthy = (original.Instances ?? []).filter(
      (i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy',
    ).length;
    const copy = this.host.copy;
    await asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: this.greenGroupName,
        LaunchTemplate: {
          LaunchTemplateId: original.LaunchTemplate?.LaunchTemplateId,
          Version: original.LaunchTemplate?.Version,
        },
        MinSize: original.MinSize,
        MaxSize: original.MaxSize,
        DesiredCapacity: healthy,
        VPCZoneIdentifier: original.VPCZoneIdentifier,
        HealthCheckType: original.HealthCheckType,
        HealthCheckGracePeriod: original.HealthCheckGracePeriod,
        TargetGroupARNs: copy.targetGroups ? original.TargetGroupARNs : undefined,
        Tags: copy.tags
          ? (original.Tags ?? []).map((t) => ({
              Key: t.Key,
              Value: t.Value,
              PropagateAtLaunch: t.PropagateAtLaunch,
              ResourceId: this.greenGroupName,
              ResourceType: 'auto-scaling-group',
            }))
          : undefined,
      }),
    );
    if (copy.policies) {
      for (const p of await policiesOf(asg, this.originalGroupName)) {
        this.originalPolicies.push(p);
        await asg.send(
          new PutScalingPolicyCommand({
            AutoScalingGroupName: this.greenGroupName,
            PolicyName: p.PolicyName,
            PolicyType: p.PolicyType,
            AdjustmentType: p.AdjustmentType,
            MinAdjustmentMagnitude: p.MinAdjustmentMagnitude,
            ScalingAdjustment: p.ScalingAdjustment,
            Cooldown: p.Cooldown,
            MetricAggregationType: p.MetricAggregationType,
            StepAdjustments: p.StepAdjustments?.length ? p.StepAdjustments : undefined,
            EstimatedInstanceWarmup: p.EstimatedInstanceWarmup,
            TargetTrackingConfiguration: p.TargetTrackingConfiguration,
            Enabled: p.Enabled,
          }),
        );
      }
    }
    // The copy's instances ran the revision's hooks up to ValidateService; AllowTraffic comes with moveTraffic.
    for (const id of await instancesOf(asg, this.greenGroupName)) {
      this.instanceTargets.push({
        deploymentId: this.id,
        targetId: id,
        targetArn: `arn:aws:ec2:${this.host.region()}:123456789012:instance/${id}`,
        status: 'Ready',
        instanceLabel: 'Green',
        lastUpdatedAt: new Date(),
        lifecycleEvents: GREEN_LIFECYCLE_EVENTS.map((name, i) =>
          lifecycleEvent(
            name,
            i < GREEN_LIFECYCLE_EVENTS.indexOf('BeforeAllowTraffic') ? 'Succeeded' : 'Pending',
          ),
        ),
      });
    }
    this.stage = 'provisioned';
  }

  /**
   * One hook failed on a green instance (after provisionGreen, before moveTraffic): that event Failed
   * with its diagnostics, the events after it Skipped, the instance target Failed, then the deployment
   * fails with HEALTH_CONSTRAINTS ("The deployment failed on too many instances",
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ErrorInformation.html). The message
   * is the one the console shows for it (inference from the CodeDeploy user guide, "Troubleshoot
   * EC2/On-Premises deployment issues").
   */
  public async failLifecycleEvent(failure: LifecycleFailure): Promise<void> {
    this.requireStep('failLifecycleEvent', 'provisioned');
    const target = failure.instanceId
      ? this.instanceTargets.find((t) => t.targetId === failure.instanceId)
      : this.instanceTargets[0];
    if (!target) {
      throw new Error(`CodeDeploySimulator: no green instance ${failure.instanceId ?? ''} in ${this.id}`);
    }
    const at = target.lifecycleEvents!.findIndex((e) => e.lifecycleEventName === failure.lifecycleEventName);
    if (at < 0) throw new Error(`CodeDeploySimulator: unknown lifecycle event ${failure.lifecycleEventName}`);
    target.lifecycleEvents = target.lifecycleEvents!.map((e, i) => {
      if (i < at) return lifecycleEvent(e.lifecycleEventName!, 'Succeeded');
      if (i > at) return lifecycleEvent(e.lifecycleEventName!, 'Skipped');
      return {
        ...lifecycleEvent(e.lifecycleEventName!, 'Failed'),
        diagnostics: {
          errorCode: failure.errorCode ?? 'ScriptFailed',
          scriptName: failure.scriptName,
          message: failure.message,
          logTail: failure.logTail,
        },
      };
    });
    target.status = 'Failed';
    target.lastUpdatedAt = new Date();
    await this.end('Failed', {
      code: 'HEALTH_CONSTRAINTS',
      message:
        'The overall deployment failed because too many individual instances failed deployment, too few ' +
        'healthy instances are available for deployment, or some instances in your deployment group are ' +
        'experiencing problems.',
    });
  }

  /** @internal ListDeploymentTargets / BatchGetDeploymentTargets: copies of the green instance targets. */
  public targets(): InstanceTarget[] {
    return structuredClone(this.instanceTargets);
  }

  /**
   * AllowTraffic then BlockTraffic, after the alarm check. "For blue/green deployments, the name of the
   * target group that instances in the original environment are deregistered from, and instances in the
   * replacement environment are registered with."
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupInfo.html); "After
   * instances in a replacement environment are registered with a load balancer, instances from the
   * original environment are deregistered"
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-elastic-load-balancing.html).
   * The target groups are found by the names in loadBalancerInfo.targetGroupInfoList.
   * Then the blue wait starts: instanceTerminationWaitTimeStarted "'true' as soon as the termination
   * wait period starts", "'false' if the KEEP_ALIVE option is specified"
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html).
   */
  public async moveTraffic(): Promise<void> {
    this.requireStep('moveTraffic', 'provisioned');
    if (await this.checkAlarms()) return;
    const green = await instancesOf(this.host.autoScaling, this.greenGroupName);
    const blue = await instancesOf(this.host.autoScaling, this.originalGroupName);
    for (const arn of await this.targetGroupArns()) {
      await register(this.host.elbv2, arn, green);
      this.blockedOriginal.set(arn, await deregister(this.host.elbv2, arn, blue));
    }
    this.stage = 'trafficMoved';
    this.waitStarted = !this.keepAlive;
    for (const t of this.instanceTargets) {
      t.lifecycleEvents = t.lifecycleEvents!.map((e) => lifecycleEvent(e.lifecycleEventName!, 'Succeeded'));
      t.status = 'Succeeded';
      t.lastUpdatedAt = new Date();
    }
  }

  /**
   * The end of the blue wait, after the alarm check: the original group is deleted as
   * DeleteAutoScalingGroup does it: "If the group has scaling policies, deleting the group deletes the
   * policies, the underlying alarm actions, and any alarm that no longer has an associated action."
   * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html) - moto
   * does none of it, so the simulator does it: policies deleted, their ARNs removed from every alarm's
   * actions, alarms left with no action deleted (the others keep their state). The original's instances
   * still registered in a target group (a scale-out during the wait) are deregistered, since terminated
   * instances stop receiving traffic (moto would keep them "healthy"). Then DeleteAutoScalingGroup
   * with ForceDelete ("deleted along with all instances").
   * With KEEP_ALIVE the original is kept: "Instances are left running after they are deregistered from
   * the load balancer and removed from the deployment group"
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BlueInstanceTerminationOption.html).
   * The deployment group then names the copy, as the double did (the copy "is not managed by
   * terraform", hashicorp/terraform-provider-aws#4678: the group moves to it). Status Succeeded, SUCCESS.
   */
  public async finish(): Promise<void> {
    this.requireStep('finish', 'trafficMoved');
    if (await this.checkAlarms()) return;
    if (!this.keepAlive) await this.deleteOriginal();
    const info = this.host.requireGroup(this.applicationName, this.deploymentGroupName);
    info.autoScalingGroups = [{ name: this.greenGroupName, hook: launchHookName(this.deploymentGroupName) }];
    await this.end('Succeeded');
  }

  /**
   * The deployment fails (e.g. a ValidateService script): status Failed, FAILURE event. If traffic had
   * moved, it is rerouted to the original (the original's instances registered again, the copy's
   * deregistered). The copy is left in place and the deployment group keeps the original: the fleet
   * must clean the copy up.
   * @param code errorInformation.code @default 'HEALTH_CONSTRAINTS' ("The deployment failed on too many
   * instances", https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ErrorInformation.html)
   */
  public async fail(code = 'HEALTH_CONSTRAINTS'): Promise<void> {
    this.requireActive('fail');
    await this.end('Failed', { code, message: `The deployment failed (${code}), simulated.` });
  }

  /**
   * Like fail() but status Stopped and a STOP event: StopDeployment ('MANUAL_STOP') or an alarm
   * ('ALARM_ACTIVE'): "If any of the specified alarms are activated, the deployment stops, and the status
   * is updated to Stopped." (https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html)
   */
  public async stop(reason: 'ALARM_ACTIVE' | 'MANUAL_STOP' = 'MANUAL_STOP', rollback = false): Promise<void> {
    this.requireActive('stop');
    if (rollback) {
      // StopDeployment autoRollbackEnabled: "whether instances that have been updated should be rolled
      // back to the previous version" (API_StopDeployment.html). Traffic goes back to the original in
      // every stop here (rerouteBack); rollbackInfo says it was asked for (API_RollbackInfo.html).
      this.rollbackInfo = {
        rollbackMessage: `Traffic rerouted to the original instances of ${this.originalGroupName}.`,
      };
    }
    const message =
      reason === 'ALARM_ACTIVE'
        ? 'The deployment was stopped because an alarm of the deployment group is active.'
        : 'The deployment was stopped by a StopDeployment request.';
    await this.end('Stopped', { code: reason, message });
  }

  /** @internal GetDeployment's deploymentInfo. */
  public info(): DeploymentInfo {
    const info = this.host.requireGroup(this.applicationName, this.deploymentGroupName);
    return {
      deploymentId: this.id,
      applicationName: this.applicationName,
      deploymentGroupName: this.deploymentGroupName,
      deploymentConfigName: info.deploymentConfigName,
      status: this.current,
      createTime: this.createTime,
      completeTime: this.completeTime,
      instanceTerminationWaitTimeStarted: this.waitStarted,
      errorInformation: this.errorInformation
        ? ({ ...this.errorInformation } as DeploymentInfo['errorInformation'])
        : undefined,
      deploymentStyle: structuredClone(this.deploymentStyle),
      computePlatform: 'Server',
      // Reported only when known, so a deployment started without options reads as it always did.
      ...stripUndefined({
        revision: structuredClone(this.options.revision),
        description: this.options.description,
        creator: this.options.creator,
        rollbackInfo: this.rollbackInfo ? { ...this.rollbackInfo } : undefined,
      }),
    };
  }

  /**
   * @internal The alarm check every step starts with; true when it stopped the deployment.
   * An alarm of the deployment group (alarmConfiguration.enabled) in ALARM stops it (ALARM_ACTIVE).
   * Stopping at start when an alarm is already in ALARM is an inference (ALARM_ACTIVE is in the ErrorCode
   * enum; no page describes it). An alarm CloudWatch cannot answer for (a missing alarm, or the call
   * failing) stops it too unless ignorePollAlarmFailure: "false: The deployment stops if alarm status
   * information can't be retrieved from Amazon CloudWatch."
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_AlarmConfiguration.html); its
   * error code there is an inference (ALARM_ACTIVE).
   */
  public async checkAlarms(): Promise<boolean> {
    if (this.current !== 'InProgress') return true;
    const config = this.host.requireGroup(this.applicationName, this.deploymentGroupName).alarmConfiguration;
    const names = (config?.alarms ?? []).map((a) => a.name!).filter((n) => n);
    if (!config?.enabled || names.length === 0) return false;
    let alarms: MetricAlarm[];
    try {
      alarms =
        (await this.host.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ??
        [];
    } catch {
      if (config.ignorePollAlarmFailure) return false;
      await this.stop('ALARM_ACTIVE');
      return true;
    }
    const unreadable = names.some((n) => !alarms.some((a) => a.AlarmName === n));
    if (alarms.some((a) => a.StateValue === 'ALARM') || (unreadable && !config.ignorePollAlarmFailure)) {
      await this.stop('ALARM_ACTIVE');
      return true;
    }
    return false;
  }

  private async end(status: 'Succeeded' | 'Failed' | 'Stopped', error?: { code: string; message: string }) {
    if (status !== 'Succeeded') await this.rerouteBack();
    this.current = status;
    this.completeTime = new Date();
    this.errorInformation = error;
    this.host.emit(this, status === 'Succeeded' ? 'SUCCESS' : status === 'Failed' ? 'FAILURE' : 'STOP');
  }

  /**
   * If traffic had moved: the original's instances that BlockTraffic deregistered (and still run) are
   * registered again, the copy's deregistered. instanceTerminationWaitTimeStarted stays as it was (it
   * says whether the wait has started; what AWS reports after a rollback is not documented).
   */
  private async rerouteBack() {
    if (this.stage !== 'trafficMoved') return;
    const green = await instancesOf(this.host.autoScaling, this.greenGroupName);
    const running = new Set(await instancesOf(this.host.autoScaling, this.originalGroupName));
    for (const [arn, blue] of this.blockedOriginal) {
      await register(
        this.host.elbv2,
        arn,
        blue.filter((id) => running.has(id)),
      );
      await deregister(this.host.elbv2, arn, green);
    }
  }

  private async deleteOriginal() {
    const asg = this.host.autoScaling;
    const cw = this.host.cloudWatch;
    const name = this.originalGroupName;
    const original = await describeGroup(asg, name);
    if (!original) return;

    const policies = new Map<string, ScalingPolicy>();
    for (const p of [...this.originalPolicies, ...(await policiesOf(asg, name))]) {
      policies.set(p.PolicyARN!, p);
    }
    const arns = new Set(policies.keys());
    if (arns.size > 0) {
      for (const alarm of await allMetricAlarms(cw)) {
        const actions = {
          AlarmActions: alarm.AlarmActions ?? [],
          OKActions: alarm.OKActions ?? [],
          InsufficientDataActions: alarm.InsufficientDataActions ?? [],
        };
        const all = [...actions.AlarmActions, ...actions.OKActions, ...actions.InsufficientDataActions];
        if (!all.some((a) => arns.has(a))) continue;
        const left = all.filter((a) => !arns.has(a));
        if (left.length === 0) {
          await cw.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.AlarmName!] }));
        } else {
          await putWithoutActions(cw, alarm, arns);
        }
      }
      for (const p of policies.values()) {
        // moto keys policies by name: delete only an entry the original still owns, not the copy's.
        const owner = (
          await asg.send(new DescribePoliciesCommand({ PolicyNames: [p.PolicyName!] }))
        ).ScalingPolicies?.find((q) => q.AutoScalingGroupName === name);
        if (owner) {
          await asg.send(new DeletePolicyCommand({ AutoScalingGroupName: name, PolicyName: p.PolicyName }));
        }
      }
    }

    const instances = (original.Instances ?? []).map((i) => i.InstanceId!);
    const targetGroups = new Set([...(await this.targetGroupArns()), ...(original.TargetGroupARNs ?? [])]);
    for (const arn of targetGroups) await deregister(this.host.elbv2, arn, instances);
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
  }

  private async targetGroupArns(): Promise<string[]> {
    const info = this.host.requireGroup(this.applicationName, this.deploymentGroupName);
    const names = (info.loadBalancerInfo?.targetGroupInfoList ?? []).map((t) => t.name!).filter((n) => n);
    if (names.length === 0) return [];
    const out = await this.host.elbv2.send(new DescribeTargetGroupsCommand({ Names: names }));
    return (out.TargetGroups ?? []).map((t) => t.TargetGroupArn!);
  }

  private requireActive(step: string) {
    if (this.current !== 'InProgress') {
      throw new Error(`CodeDeploySimulator: ${step}() on deployment ${this.id}, which is ${this.current}`);
    }
  }

  private requireStep(step: string, stage: SimulatedDeployment['stage']) {
    this.requireActive(step);
    if (this.stage !== stage) {
      throw new Error(
        `CodeDeploySimulator: ${step}() on deployment ${this.id} needs stage '${stage}', it is at '${this.stage}'`,
      );
    }
  }
}

// -- helpers ----------------------------------------------------------------------------------

function lifecycleEvent(lifecycleEventName: string, status: LifecycleEvent['status']): LifecycleEvent {
  const done = status === 'Succeeded';
  return {
    lifecycleEventName,
    status,
    diagnostics: done
      ? { errorCode: 'Success', scriptName: '', message: 'Succeeded', logTail: '' }
      : undefined,
  };
}

function key(applicationName: string, name: string): string {
  return `${applicationName}/${name}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function asInput(info: DeploymentGroupInfo): Partial<CreateDeploymentGroupInput> {
  return {
    ...info,
    autoScalingGroups: info.autoScalingGroups?.map((g) => g.name!),
  } as Partial<CreateDeploymentGroupInput>;
}

async function describeGroup(asg: AutoScalingClient, name: string): Promise<AutoScalingGroup | undefined> {
  return (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
}

/** The group's InService instances (none if the group is gone). */
async function instancesOf(asg: AutoScalingClient, name: string): Promise<string[]> {
  return ((await describeGroup(asg, name))?.Instances ?? [])
    .filter((i) => i.LifecycleState === 'InService')
    .map((i) => i.InstanceId!);
}

async function policiesOf(asg: AutoScalingClient, name: string): Promise<ScalingPolicy[]> {
  const policies: ScalingPolicy[] = [];
  let token: string | undefined;
  do {
    const out = await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: name, NextToken: token }));
    policies.push(...(out.ScalingPolicies ?? []));
    token = out.NextToken;
  } while (token);
  return policies;
}

async function allMetricAlarms(cw: CloudWatchClient): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let token: string | undefined;
  do {
    const out = await cw.send(new DescribeAlarmsCommand({ NextToken: token }));
    alarms.push(...(out.MetricAlarms ?? []));
    token = out.NextToken;
  } while (token);
  return alarms;
}

/** PutMetricAlarm of the same alarm minus the given actions, then its state as it was. */
async function putWithoutActions(cw: CloudWatchClient, a: MetricAlarm, removed: Set<string>) {
  const keep = (actions?: string[]) => (actions ?? []).filter((x) => !removed.has(x));
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: a.AlarmName,
      AlarmDescription: a.AlarmDescription,
      ActionsEnabled: a.ActionsEnabled,
      OKActions: keep(a.OKActions),
      AlarmActions: keep(a.AlarmActions),
      InsufficientDataActions: keep(a.InsufficientDataActions),
      MetricName: a.MetricName,
      Namespace: a.Namespace,
      Statistic: a.Statistic,
      ExtendedStatistic: a.ExtendedStatistic,
      Dimensions: a.Dimensions,
      Period: a.Period,
      Unit: a.Unit,
      EvaluationPeriods: a.EvaluationPeriods,
      DatapointsToAlarm: a.DatapointsToAlarm,
      Threshold: a.Threshold,
      ComparisonOperator: a.ComparisonOperator,
      TreatMissingData: a.TreatMissingData,
      EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
      Metrics: a.Metrics?.length ? a.Metrics : undefined,
      ThresholdMetricId: a.ThresholdMetricId,
    }),
  );
  // Removing an action does not change an alarm's state in AWS; moto's PutMetricAlarm resets it.
  if (a.StateValue) {
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: a.AlarmName,
        StateValue: a.StateValue,
        StateReason: a.StateReason ?? 'unchanged',
      }),
    );
  }
}

/** The targets the target group lists as registered (moto lists only those). */
async function registered(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<Set<string>> {
  const out = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  return new Set((out.TargetHealthDescriptions ?? []).map((d) => d.Target!.Id!));
}

async function register(elbv2: ElasticLoadBalancingV2Client, arn: string, ids: string[]) {
  if (ids.length === 0) return;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) }));
}

/** Deregisters those of `ids` that are registered; returns them. */
async function deregister(
  elbv2: ElasticLoadBalancingV2Client,
  arn: string,
  ids: string[],
): Promise<string[]> {
  const current = await registered(elbv2, arn);
  const targets = ids.filter((id) => current.has(id));
  if (targets.length > 0) {
    await elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: targets.map((Id) => ({ Id })) }),
    );
  }
  return targets;
}
