/**
 * CodeDeployDouble: an in-memory stand-in for the CodeDeploy API, because moto's CodeDeploy cannot
 * serve the fleet (malformed autoScalingGroups, 500 on Update/DeleteDeploymentGroup; see
 * ../shared/DESIGN.md, "Testing without an AWS account").
 *
 * It answers the real SDK v3 commands (`send(new GetDeploymentGroupCommand(...))`) and throws the
 * SDK's own exception classes, following the API reference:
 * - BLUE_GREEN with COPY_AUTO_SCALING_GROUP needs exactly one Auto Scaling group
 *   (InvalidBlueGreenDeploymentConfigurationException otherwise), and that group must exist
 *   (InvalidAutoScalingGroupException; checked against moto through `groupExists`);
 * - a deployment that succeeds moves the deployment group's autoScalingGroups to the copy
 *   `CodeDeploy_<deployment group>_<deployment id>`; a failed or stopped one leaves it unchanged.
 * Creating the copy and deleting the original is the test's job (it plays CodeDeploy's part
 * on moto's Auto Scaling).
 */
import {
  ApplicationDoesNotExistException,
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupInput,
  DeleteDeploymentGroupCommand,
  DeploymentGroupAlreadyExistsException,
  DeploymentGroupDoesNotExistException,
  DeploymentGroupInfo,
  DeploymentStatus,
  GetDeploymentGroupCommand,
  InvalidAutoScalingGroupException,
  InvalidBlueGreenDeploymentConfigurationException,
  ListDeploymentsCommand,
  UpdateDeploymentGroupCommand,
  UpdateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';

interface Deployment {
  readonly id: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  status: DeploymentStatus;
}

const meta = { $metadata: {} };

export class CodeDeployDouble {
  /** Every command received, by name, in order: tests assert what was (not) sent. */
  public readonly calls: Array<{ command: string; input: any }> = [];
  private readonly applications = new Set<string>();
  private readonly groups = new Map<string, DeploymentGroupInfo>();
  private readonly deployments: Deployment[] = [];
  private nextDeployment = 1;

  /** @param groupExists whether an Auto Scaling group exists (asks moto) */
  constructor(private readonly groupExists: (name: string) => Promise<boolean>) {}

  /** The CloudFormation-owned application (AWS::CodeDeploy::Application). */
  public createApplication(name: string): void {
    this.applications.add(name);
  }

  /** The deployment group as GetDeploymentGroup returns it, or undefined. */
  public deploymentGroup(applicationName: string, name: string): DeploymentGroupInfo | undefined {
    return this.groups.get(key(applicationName, name));
  }

  /** Starts a deployment (status InProgress) and returns its id, `d-TEST<n>`. */
  public startDeployment(applicationName: string, deploymentGroupName: string): string {
    this.requireGroup(applicationName, deploymentGroupName);
    const id = `d-TEST${this.nextDeployment++}`;
    this.deployments.push({ id, applicationName, deploymentGroupName, status: DeploymentStatus.IN_PROGRESS });
    return id;
  }

  /** Ends a deployment. SUCCEEDED moves the deployment group to `replacementGroupName`. */
  public endDeployment(id: string, status: DeploymentStatus, replacementGroupName?: string): void {
    const deployment = this.deployments.find((d) => d.id === id);
    if (!deployment) throw new Error(`CodeDeployDouble: no deployment ${id}`);
    deployment.status = status;
    if (status === DeploymentStatus.SUCCEEDED) {
      if (!replacementGroupName) {
        throw new Error('CodeDeployDouble: a successful deployment needs its replacement group');
      }
      const info = this.requireGroup(deployment.applicationName, deployment.deploymentGroupName);
      info.autoScalingGroups = [
        { name: replacementGroupName, hook: `CodeDeploy-managed-automatic-launch-deployment-hook-${id}` },
      ];
    }
  }

  /** The SDK client's entry point. */
  public async send(command: { input: any }): Promise<any> {
    const input = command.input;
    this.calls.push({ command: command.constructor.name, input });
    if (command instanceof GetDeploymentGroupCommand) {
      return {
        deploymentGroupInfo: structuredClone(
          this.requireGroup(input.applicationName, input.deploymentGroupName),
        ),
      };
    }
    if (command instanceof CreateDeploymentGroupCommand) {
      return this.create(input);
    }
    if (command instanceof UpdateDeploymentGroupCommand) {
      return this.update(input);
    }
    if (command instanceof DeleteDeploymentGroupCommand) {
      this.requireGroup(input.applicationName, input.deploymentGroupName);
      this.groups.delete(key(input.applicationName, input.deploymentGroupName));
      return { hooksNotCleanedUp: [] };
    }
    if (command instanceof ListDeploymentsCommand) {
      const statuses: string[] | undefined = input.includeOnlyStatuses;
      return {
        deployments: this.deployments
          .filter(
            (d) =>
              d.applicationName === input.applicationName &&
              d.deploymentGroupName === input.deploymentGroupName,
          )
          .filter((d) => !statuses || statuses.includes(d.status))
          .map((d) => d.id),
      };
    }
    throw new Error(`CodeDeployDouble: ${command.constructor.name} is not implemented`);
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
    this.groups.set(key(input.applicationName!, input.deploymentGroupName!), {
      applicationName: input.applicationName,
      deploymentGroupId: `dg-${this.groups.size + 1}`,
      deploymentGroupName: input.deploymentGroupName,
      deploymentConfigName: input.deploymentConfigName ?? 'CodeDeployDefault.OneAtATime',
      computePlatform: 'Server',
      ...this.settings(input),
    });
    return { deploymentGroupId: `dg-${this.groups.size}` };
  }

  private async update(input: UpdateDeploymentGroupInput) {
    const info = this.requireGroup(input.applicationName!, input.currentDeploymentGroupName!);
    await this.validate({ ...this.asInput(info), ...stripUndefined(input) });
    Object.assign(info, stripUndefined(this.settings(input)));
    return { hooksNotCleanedUp: [] };
  }

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
  }

  private settings(input: Partial<CreateDeploymentGroupInput>): Partial<DeploymentGroupInfo> {
    return {
      serviceRoleArn: input.serviceRoleArn,
      autoScalingGroups: input.autoScalingGroups?.map((name) => ({
        name,
        hook: 'CodeDeploy-managed-automatic-launch-deployment-hook',
      })),
      deploymentStyle: input.deploymentStyle,
      blueGreenDeploymentConfiguration: input.blueGreenDeploymentConfiguration,
      loadBalancerInfo: input.loadBalancerInfo,
      autoRollbackConfiguration: input.autoRollbackConfiguration,
      alarmConfiguration: input.alarmConfiguration,
    };
  }

  private asInput(info: DeploymentGroupInfo): Partial<CreateDeploymentGroupInput> {
    return {
      ...info,
      autoScalingGroups: info.autoScalingGroups?.map((g) => g.name!),
    } as Partial<CreateDeploymentGroupInput>;
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

function key(applicationName: string, name: string): string {
  return `${applicationName}/${name}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
