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
 * moto 5.2 differences the simulator works around (its test pins what moto does), each noted where it
 * bites: DeregisterTargets of a target that is not registered (elbv2.ts); DeleteAutoScalingGroup leaving
 * instances registered, policies and alarms behind, and scaling policies keyed by name only
 * (auto-scaling.ts, simulated-deployment.ts).
 */
import {
  BatchGetDeploymentTargetsCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  DeleteDeploymentGroupCommand,
  DeploymentAlreadyCompletedException,
  DeploymentDoesNotExistException,
  DeploymentGroupInfo,
  DeploymentLimitExceededException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { DeploymentGroups } from './deployment-groups';
import { SimulatedDeployment } from './simulated-deployment';
import { CodeDeploySimulatorOptions, DeploymentEvent, Host, meta, StartDeploymentOptions } from './types';

export class CodeDeploySimulator {
  /** Every command received by send(), by class name, in order (failed ones too). */
  public readonly calls: Array<{ command: string; input: any }> = [];
  private readonly groups: DeploymentGroups;
  private readonly deployments: SimulatedDeployment[] = [];
  private readonly failures: Array<{ command: string; error: Error; remaining: number }> = [];
  private readonly host: Host;
  private events: DeploymentEvent[] = [];
  private nextDeployment = 1;
  private region = 'us-east-1';

  constructor(private readonly options: CodeDeploySimulatorOptions) {
    this.groups = new DeploymentGroups(options.autoScaling);
    this.host = {
      autoScaling: options.autoScaling,
      cloudWatch: options.cloudWatch,
      elbv2: options.elbv2,
      copy: {
        tags: options.copy?.tags ?? false,
        targetGroups: options.copy?.targetGroups ?? false,
        policies: options.copy?.policies ?? false,
      },
      requireGroup: (applicationName, name) => this.groups.require(applicationName, name),
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
    this.groups.createApplication(name);
  }

  /** The deployment group as GetDeploymentGroup returns it (the live object), or undefined. */
  public deploymentGroup(applicationName: string, name: string): DeploymentGroupInfo | undefined {
    return this.groups.get(applicationName, name);
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
          this.groups.require(input.applicationName, input.deploymentGroupName),
        ),
      };
    }
    if (command instanceof CreateDeploymentGroupCommand) return this.groups.create(input);
    if (command instanceof UpdateDeploymentGroupCommand) return this.groups.update(input);
    if (command instanceof DeleteDeploymentGroupCommand) {
      return this.groups.delete(input.applicationName, input.deploymentGroupName);
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
    const info = this.groups.require(applicationName, deploymentGroupName);
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
    if (input.applicationName) this.groups.require(input.applicationName, input.deploymentGroupName!);
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
}
