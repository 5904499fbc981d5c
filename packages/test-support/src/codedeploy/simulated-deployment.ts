/** One deployment, played step by step by the test. */
import type { ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { DeploymentInfo, DeploymentStyle, InstanceTarget } from '@aws-sdk/client-codedeploy';
import { copyGroup, deleteGroup, describeGroup, instancesOf } from './auto-scaling';
import { alarmsStopDeployment } from './cloudwatch';
import { deregister, register, targetGroupArns } from './elbv2';
import { failTarget, LifecycleFailure, provisionedTarget, succeedTarget } from './instance-targets';
import {
  Host,
  launchHookName,
  SimulatedDeploymentStatus,
  StartDeploymentOptions,
  stripUndefined,
} from './types';

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
  private originalPolicies: ScalingPolicy[] = [];
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
   * Creates the copy in moto from the original group (see copyGroup), after the alarm check. If the
   * original group no longer exists the deployment fails (AUTO_SCALING_CONFIGURATION; inference: no
   * page says what CodeDeploy does then).
   */
  public async provisionGreen(): Promise<void> {
    this.requireStep('provisionGreen', 'started');
    if (await this.checkAlarms()) return;
    const original = await describeGroup(this.host.autoScaling, this.originalGroupName);
    if (!original) {
      await this.end('Failed', {
        code: 'AUTO_SCALING_CONFIGURATION',
        message: `Auto Scaling group ${this.originalGroupName} does not exist`,
      });
      return;
    }
    this.originalPolicies = await copyGroup(this.host, original, this.greenGroupName);
    for (const id of await instancesOf(this.host.autoScaling, this.greenGroupName)) {
      this.instanceTargets.push(provisionedTarget(this.id, id, this.host.region()));
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
    failTarget(target, failure);
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
    for (const t of this.instanceTargets) succeedTarget(t);
  }

  /**
   * The end of the blue wait, after the alarm check: the original group is deleted as
   * DeleteAutoScalingGroup does it on AWS (see deleteGroup).
   * With KEEP_ALIVE the original is kept: "Instances are left running after they are deregistered from
   * the load balancer and removed from the deployment group"
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BlueInstanceTerminationOption.html).
   * The deployment group then names the copy, as the double did (the copy "is not managed by
   * terraform", hashicorp/terraform-provider-aws#4678: the group moves to it). Status Succeeded, SUCCESS.
   */
  public async finish(): Promise<void> {
    this.requireStep('finish', 'trafficMoved');
    if (await this.checkAlarms()) return;
    if (!this.keepAlive) {
      await deleteGroup(
        this.host,
        this.originalGroupName,
        this.originalPolicies,
        await this.targetGroupArns(),
      );
    }
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
   * @internal The alarm check every step starts with (see alarmsStopDeployment); true when it stopped
   * the deployment (ALARM_ACTIVE). Stopping at start when an alarm is already in ALARM is an inference
   * (ALARM_ACTIVE is in the ErrorCode enum; no page describes it); so is the error code when CloudWatch
   * cannot answer.
   */
  public async checkAlarms(): Promise<boolean> {
    if (this.current !== 'InProgress') return true;
    const config = this.host.requireGroup(this.applicationName, this.deploymentGroupName).alarmConfiguration;
    if (!(await alarmsStopDeployment(this.host.cloudWatch, config))) return false;
    await this.stop('ALARM_ACTIVE');
    return true;
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

  private async targetGroupArns(): Promise<string[]> {
    const info = this.host.requireGroup(this.applicationName, this.deploymentGroupName);
    const names = (info.loadBalancerInfo?.targetGroupInfoList ?? []).map((t) => t.name!).filter((n) => n);
    return targetGroupArns(this.host.elbv2, names);
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
