/** CodeDeploy's applications and deployment groups: CreateDeploymentGroup, UpdateDeploymentGroup and their checks. */
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import {
  ApplicationDoesNotExistException,
  CreateDeploymentGroupInput,
  DeploymentGroupAlreadyExistsException,
  DeploymentGroupDoesNotExistException,
  DeploymentGroupInfo,
  InvalidAlarmConfigException,
  InvalidAutoScalingGroupException,
  InvalidBlueGreenDeploymentConfigurationException,
  UpdateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import { describeGroup } from './auto-scaling';
import { launchHookName, meta, stripUndefined } from './types';

export class DeploymentGroups {
  private readonly applications = new Set<string>();
  private readonly groups = new Map<string, DeploymentGroupInfo>();
  private nextGroupId = 1;

  /** Asks moto whether the Auto Scaling groups named in a deployment group exist. */
  constructor(private readonly autoScaling: AutoScalingClient) {}

  /** The CloudFormation-owned application (AWS::CodeDeploy::Application). */
  public createApplication(name: string): void {
    this.applications.add(name);
  }

  /** The deployment group as GetDeploymentGroup returns it (the live object), or undefined. */
  public get(applicationName: string, name: string): DeploymentGroupInfo | undefined {
    return this.groups.get(key(applicationName, name));
  }

  /** The deployment group, or the errors of GetDeploymentGroup for an unknown application or group. */
  public require(applicationName: string, name: string): DeploymentGroupInfo {
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

  public async create(input: CreateDeploymentGroupInput): Promise<{ deploymentGroupId: string }> {
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
      ...settings(input.deploymentGroupName!, input),
    });
    return { deploymentGroupId };
  }

  public async update(input: UpdateDeploymentGroupInput): Promise<{ hooksNotCleanedUp: [] }> {
    const info = this.require(input.applicationName!, input.currentDeploymentGroupName!);
    await this.validate({ ...asInput(info), ...stripUndefined(input) });
    Object.assign(info, stripUndefined(settings(info.deploymentGroupName!, input)));
    return { hooksNotCleanedUp: [] };
  }

  public delete(applicationName: string, name: string): { hooksNotCleanedUp: [] } {
    this.require(applicationName, name);
    this.groups.delete(key(applicationName, name));
    return { hooksNotCleanedUp: [] };
  }

  private requireApplication(name: string): void {
    if (!this.applications.has(name)) {
      throw new ApplicationDoesNotExistException({
        ...meta,
        message: `No application found for name: ${name}`,
      });
    }
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
  private async validate(input: Partial<CreateDeploymentGroupInput>): Promise<void> {
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
      if (!(await describeGroup(this.autoScaling, name))) {
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
}

function settings(
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

function key(applicationName: string, name: string): string {
  return `${applicationName}/${name}`;
}

function asInput(info: DeploymentGroupInfo): Partial<CreateDeploymentGroupInput> {
  return {
    ...info,
    autoScalingGroups: info.autoScalingGroups?.map((g) => g.name!),
  } as Partial<CreateDeploymentGroupInput>;
}
