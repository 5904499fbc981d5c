/**
 * The fleet's AWS calls: reading the observed state and executing one planned action.
 *
 * The SDK v3 clients come from the Node.js 22 Lambda runtime (never bundled). They read
 * `AWS_ENDPOINT_URL` and the region from the environment like every SDK v3 client, and retry
 * throttling with the adaptive retry mode. Every failure names the API call and the resource.
 */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import {
  AttachLoadBalancerTargetGroupsCommand,
  AutoScalingClient,
  AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DetachLoadBalancerTargetGroupsCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribePolicies,
  PutScalingPolicyCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupInput,
  DeleteDeploymentGroupCommand,
  DeploymentGroupInfo,
  DeploymentStatus,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type {
  Action,
  ActiveDeployment,
  DeploymentGroupConfig,
  GroupTag,
  ObservedAlarm,
  ObservedGroup,
  ObservedState,
} from './plan';
import { DesiredState, FLEET_TAG_KEY } from './types';

/** The clients the fleet uses; tests pass clients pointed at moto and the CodeDeploy simulator. */
export interface FleetClients {
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly codeDeploy: CodeDeployClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ssm: SSMClient;
}

/** Clients with adaptive retries (client-side rate limiting on throttling errors). */
export function defaultClients(): FleetClients {
  const config = { retryMode: 'adaptive', maxAttempts: 10 };
  return {
    autoScaling: new AutoScalingClient(config),
    cloudWatch: new CloudWatchClient(config),
    codeDeploy: new CodeDeployClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ssm: new SSMClient(config),
  };
}

/** How `execute` waits out IAM propagation; tests shorten it. */
export interface ExecuteOptions {
  /** Longest time a create is retried while a just-created role or profile propagates. @default 2 minutes */
  readonly propagationTimeoutMs?: number;
  /** Pause between two tries. @default 10 seconds */
  readonly propagationRetryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

/**
 * Errors that a just-created IAM role or instance profile gives until IAM has propagated it
 * (IAM user guide, "Changes that I make are not always immediately visible"): CodeDeploy answers
 * InvalidRoleException ("Cannot assume role provided", "AWS CodeDeploy does not have the
 * permissions required to assume the role"); Auto Scaling answers ValidationError naming the
 * instance profile, or that the caller is not authorized to launch from the template.
 */
export function isIamPropagationError(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  const message = e?.message ?? '';
  if (e?.name === 'InvalidRoleException') {
    return true;
  }
  if (e?.name === 'ValidationError') {
    return /iam ?instance ?profile|not authorized/i.test(message);
  }
  return false;
}

/** An AWS call failed; the message names the call and the resource. */
export class AwsCallError extends Error {
  constructor(
    public readonly api: string,
    public readonly resource: string,
    public readonly cause: unknown,
  ) {
    const e = cause as { name?: string; message?: string };
    super(`${api} on ${resource} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(cause)}`);
    this.name = 'AwsCallError';
  }
}

/** Deployment statuses before the end of a deployment. */
const ACTIVE_STATUSES: DeploymentStatus[] = [
  DeploymentStatus.CREATED,
  DeploymentStatus.QUEUED,
  DeploymentStatus.IN_PROGRESS,
  DeploymentStatus.READY,
  DeploymentStatus.BAKING,
];

async function call<T>(api: string, resource: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new AwsCallError(api, resource, err);
  }
}

/** Calls `fn`, treating the listed error names (or messages matching `notFound`) as success. */
async function callIgnoring(
  api: string,
  resource: string,
  fn: () => Promise<unknown>,
  ignore: { names?: string[]; notFound?: RegExp },
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (
      ignore.names?.includes(e?.name ?? '') ||
      (ignore.notFound && ignore.notFound.test(e?.message ?? ''))
    ) {
      return;
    }
    throw new AwsCallError(api, resource, err);
  }
}

/** Reads every resource the fleet owns. */
export async function observe(clients: FleetClients, desired: DesiredState): Promise<ObservedState> {
  const dgSpec = desired.deploymentGroup;
  const dgResource = `deployment group ${dgSpec.applicationName}/${dgSpec.deploymentGroupName}`;
  const deploymentGroup = await readDeploymentGroup(clients, desired, dgResource);

  const groups = await readGroups(clients, desired);
  for (let i = 0; i < groups.length; i++) {
    groups[i] = { ...groups[i], policies: await readPolicies(clients, groups[i].name) };
  }

  const alarms: ObservedAlarm[] = [];
  await call('cloudwatch:DescribeAlarms', `alarms prefixed ${desired.alarmNamePrefix}`, async () => {
    for await (const page of paginateDescribeAlarms(
      { client: clients.cloudWatch },
      { AlarmNamePrefix: desired.alarmNamePrefix, AlarmTypes: ['MetricAlarm'] },
    )) {
      for (const a of page.MetricAlarms ?? []) {
        alarms.push({
          alarmName: a.AlarmName!,
          namespace: a.Namespace,
          metricName: a.MetricName,
          statistic: a.Statistic,
          dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name!, value: d.Value! })),
          threshold: a.Threshold,
          comparisonOperator: a.ComparisonOperator,
          period: a.Period,
          evaluationPeriods: a.EvaluationPeriods,
          alarmActions: a.AlarmActions ?? [],
        });
      }
    }
  });

  const activeDeployments = deploymentGroup ? await readActiveDeployments(clients, desired, dgResource) : [];
  const healthyInstanceIds = await readHealthyTargets(clients, desired);
  return { groups, alarms, deploymentGroup, activeDeployments, healthyInstanceIds };
}

/** Instances healthy in the fleet's target group; none when the target group is gone. */
async function readHealthyTargets(clients: FleetClients, desired: DesiredState): Promise<string[]> {
  try {
    const out = await clients.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: desired.targetGroupArn }),
    );
    return (out.TargetHealthDescriptions ?? [])
      .filter((t) => t.TargetHealth?.State === 'healthy')
      .map((t) => t.Target!.Id!);
  } catch (err) {
    if ((err as Error)?.name === 'TargetGroupNotFoundException') {
      return [];
    }
    throw new AwsCallError(
      'elasticloadbalancing:DescribeTargetHealth',
      `target group ${desired.targetGroupName}`,
      err,
    );
  }
}

/** Every group the fleet owns, being deleted or not (Delete waits until this is empty). */
export async function readGroups(clients: FleetClients, desired: DesiredState): Promise<ObservedGroup[]> {
  const groups: ObservedGroup[] = [];
  await call('autoscaling:DescribeAutoScalingGroups', `the groups of fleet ${desired.fleetId}`, async () => {
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: clients.autoScaling },
      { MaxRecords: 100 },
    )) {
      for (const g of page.AutoScalingGroups ?? []) {
        if (ownedBy(g, desired)) {
          groups.push(toObservedGroup(g));
        }
      }
    }
  });
  return groups;
}

/** Deployments of the group that have not ended, with whether each has moved traffic. */
async function readActiveDeployments(
  clients: FleetClients,
  desired: DesiredState,
  dgResource: string,
): Promise<ActiveDeployment[]> {
  const dgSpec = desired.deploymentGroup;
  const ids = await call('codedeploy:ListDeployments', dgResource, async () => {
    const out = await clients.codeDeploy.send(
      new ListDeploymentsCommand({
        applicationName: dgSpec.applicationName,
        deploymentGroupName: dgSpec.deploymentGroupName,
        includeOnlyStatuses: ACTIVE_STATUSES,
      }),
    );
    return out.deployments ?? [];
  });
  const active: ActiveDeployment[] = [];
  for (const id of ids) {
    const info = await call(
      'codedeploy:GetDeployment',
      `deployment ${id}`,
      async () =>
        (await clients.codeDeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo,
    );
    if (info?.status && !ACTIVE_STATUSES.includes(info.status)) {
      continue; // ended between the two calls
    }
    active.push({ id, trafficMoved: info?.instanceTerminationWaitTimeStarted === true });
  }
  return active;
}

/** Asks CodeDeploy to stop a deployment, without rollback (Delete: the fleet goes away). */
export async function stopDeployment(clients: FleetClients, deploymentId: string): Promise<void> {
  await callIgnoring(
    'codedeploy:StopDeployment',
    `deployment ${deploymentId}`,
    () => clients.codeDeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: false })),
    { names: ['DeploymentAlreadyCompletedException'] },
  );
}

/** Executes one planned action. Deletes of what is already gone succeed. */
export async function execute(
  clients: FleetClients,
  desired: DesiredState,
  action: Action,
  options: ExecuteOptions = {},
): Promise<void> {
  const asg = clients.autoScaling;
  const dg = desired.deploymentGroup;
  const dgResource = `deployment group ${dg.applicationName}/${dg.deploymentGroupName}`;
  switch (action.type) {
    case 'createGroup': {
      const s = action.settings;
      await whilePropagating(options, `autoscaling:CreateAutoScalingGroup on group ${action.groupName}`, () =>
        call('autoscaling:CreateAutoScalingGroup', `group ${action.groupName}`, () =>
          asg.send(
            new CreateAutoScalingGroupCommand({
              AutoScalingGroupName: action.groupName,
              MinSize: s.minSize,
              MaxSize: s.maxSize,
              DesiredCapacity: s.desiredCapacity,
              LaunchTemplate: { LaunchTemplateId: s.launchTemplate.id, Version: s.launchTemplate.version },
              VPCZoneIdentifier: s.subnetIds.join(','),
              HealthCheckType: s.healthCheckType,
              HealthCheckGracePeriod: s.healthCheckGracePeriod,
              Tags: toAsgTags(action.groupName, action.tags),
            }),
          ),
        ),
      );
      return;
    }
    case 'updateGroup': {
      const s = action.settings;
      await call('autoscaling:UpdateAutoScalingGroup', `group ${action.groupName}`, () =>
        asg.send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: action.groupName,
            MinSize: s.minSize,
            MaxSize: s.maxSize,
            DesiredCapacity: s.desiredCapacity,
            LaunchTemplate: s.launchTemplate
              ? { LaunchTemplateId: s.launchTemplate.id, Version: s.launchTemplate.version }
              : undefined,
            HealthCheckType: s.healthCheckType,
            HealthCheckGracePeriod: s.healthCheckGracePeriod,
            VPCZoneIdentifier: s.subnetIds?.join(','),
          }),
        ),
      );
      return;
    }
    case 'tagGroup':
      await call('autoscaling:CreateOrUpdateTags', `group ${action.groupName}`, () =>
        asg.send(new CreateOrUpdateTagsCommand({ Tags: toAsgTags(action.groupName, action.tags) })),
      );
      return;
    case 'attachTargetGroup':
      await call('autoscaling:AttachLoadBalancerTargetGroups', `group ${action.groupName}`, () =>
        asg.send(
          new AttachLoadBalancerTargetGroupsCommand({
            AutoScalingGroupName: action.groupName,
            TargetGroupARNs: [action.targetGroupArn],
          }),
        ),
      );
      return;
    case 'detachTargetGroup':
      await call('autoscaling:DetachLoadBalancerTargetGroups', `group ${action.groupName}`, () =>
        asg.send(
          new DetachLoadBalancerTargetGroupsCommand({
            AutoScalingGroupName: action.groupName,
            TargetGroupARNs: [action.targetGroupArn],
          }),
        ),
      );
      return;
    case 'putPolicy':
      await call(
        'autoscaling:PutScalingPolicy',
        `policy ${action.policy.policyName} of group ${action.groupName}`,
        () =>
          asg.send(
            new PutScalingPolicyCommand({
              AutoScalingGroupName: action.groupName,
              PolicyName: action.policy.policyName,
              PolicyType: 'SimpleScaling',
              AdjustmentType: 'ChangeInCapacity',
              ScalingAdjustment: action.policy.scalingAdjustment,
              Cooldown: action.policy.cooldownSeconds,
            }),
          ),
      );
      return;
    case 'deletePolicy':
      await callIgnoring(
        'autoscaling:DeletePolicy',
        `policy ${action.policyName} of group ${action.groupName}`,
        () =>
          asg.send(
            new DeletePolicyCommand({
              AutoScalingGroupName: action.groupName,
              PolicyName: action.policyName,
            }),
          ),
        { notFound: /not found|does not exist/i },
      );
      return;
    case 'putAlarm': {
      const p = action.policy;
      // PutScalingPolicy's answer may lack the ARN (moto); DescribePolicies has it everywhere.
      const policyArn = (await readPolicies(clients, action.groupName)).find(
        (x) => x.policyName === p.policyName,
      )?.policyArn;
      if (!policyArn) {
        throw new Error(
          `cloudwatch:PutMetricAlarm on alarm ${p.alarmName} not attempted: policy ${p.policyName} of group ${action.groupName} has no ARN`,
        );
      }
      await call('cloudwatch:PutMetricAlarm', `alarm ${p.alarmName}`, () =>
        clients.cloudWatch.send(
          new PutMetricAlarmCommand({
            AlarmName: p.alarmName,
            AlarmDescription: `Runs ${p.policyName} on Auto Scaling group ${action.groupName} (managed by fleet ${desired.fleetId})`,
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            Statistic: p.statistic as any,
            Dimensions: [{ Name: 'AutoScalingGroupName', Value: action.groupName }],
            Period: p.periodSeconds,
            EvaluationPeriods: p.evaluationPeriods,
            Threshold: p.threshold,
            ComparisonOperator: p.comparisonOperator as any,
            AlarmActions: [policyArn],
          }),
        ),
      );
      return;
    }
    case 'deleteAlarms':
      for (let i = 0; i < action.alarmNames.length; i += 100) {
        const names = action.alarmNames.slice(i, i + 100);
        await call('cloudwatch:DeleteAlarms', `alarms ${names.join(', ')}`, () =>
          clients.cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: names })),
        );
      }
      return;
    case 'createDeploymentGroup':
      try {
        await whilePropagating(options, `codedeploy:CreateDeploymentGroup on ${dgResource}`, () =>
          clients.codeDeploy.send(
            new CreateDeploymentGroupCommand({
              applicationName: dg.applicationName,
              deploymentGroupName: dg.deploymentGroupName,
              ...toApiSettings(action.config),
            }),
          ),
        );
      } catch (err) {
        // Created by an earlier attempt whose answer was lost: update it instead.
        if ((err as Error)?.name !== 'DeploymentGroupAlreadyExistsException') {
          throw new AwsCallError('codedeploy:CreateDeploymentGroup', dgResource, err);
        }
        await updateDeploymentGroup(clients, desired, action.config, dgResource);
      }
      return;
    case 'updateDeploymentGroup':
      await updateDeploymentGroup(clients, desired, action.config, dgResource);
      return;
    case 'deleteDeploymentGroup':
      await callIgnoring(
        'codedeploy:DeleteDeploymentGroup',
        dgResource,
        () =>
          clients.codeDeploy.send(
            new DeleteDeploymentGroupCommand({
              applicationName: dg.applicationName,
              deploymentGroupName: dg.deploymentGroupName,
            }),
          ),
        { names: ['DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException'] },
      );
      return;
    case 'deleteGroup':
      await callIgnoring(
        'autoscaling:DeleteAutoScalingGroup',
        `group ${action.groupName}`,
        () =>
          asg.send(
            new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: action.groupName, ForceDelete: true }),
          ),
        { notFound: /not found|does not exist/i },
      );
      return;
  }
}

/** Retries `fn` while it fails with an IAM propagation error, for a bounded time. */
async function whilePropagating<T>(options: ExecuteOptions, what: string, fn: () => Promise<T>): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.propagationTimeoutMs ?? 2 * 60_000;
  const retryMs = options.propagationRetryMs ?? 10_000;
  const started = now();
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const cause = err instanceof AwsCallError ? err.cause : err;
      if (!isIamPropagationError(cause) || now() - started + retryMs > timeoutMs) {
        throw err;
      }
      (options.log ?? console.log)(
        `${what}: ${(cause as Error).message}; IAM may still be propagating a new role, retrying in ${retryMs / 1000} s`,
      );
      await sleep(retryMs);
    }
  }
}

/** Normalizes GetDeploymentGroup's answer to the settings the fleet manages. */
export function toDeploymentGroupConfig(info: DeploymentGroupInfo): DeploymentGroupConfig {
  const bg = info.blueGreenDeploymentConfiguration;
  return {
    autoScalingGroups: (info.autoScalingGroups ?? []).map((g) => g.name!).sort(),
    serviceRoleArn: info.serviceRoleArn ?? '',
    deploymentStyle: {
      deploymentType: info.deploymentStyle?.deploymentType ?? '',
      deploymentOption: info.deploymentStyle?.deploymentOption ?? '',
    },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: { actionOnTimeout: bg?.deploymentReadyOption?.actionOnTimeout ?? '' },
      greenFleetProvisioningOption: { action: bg?.greenFleetProvisioningOption?.action ?? '' },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: bg?.terminateBlueInstancesOnDeploymentSuccess?.action ?? '',
        terminationWaitTimeInMinutes:
          bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0,
      },
    },
    loadBalancerInfo: {
      targetGroupInfoList: (info.loadBalancerInfo?.targetGroupInfoList ?? []).map((t) => ({
        name: t.name ?? '',
      })),
    },
    autoRollbackConfiguration: {
      enabled: info.autoRollbackConfiguration?.enabled ?? false,
      events: [...(info.autoRollbackConfiguration?.events ?? [])].sort(),
    },
    alarmConfiguration: {
      enabled: info.alarmConfiguration?.enabled ?? false,
      ignorePollAlarmFailure: info.alarmConfiguration?.ignorePollAlarmFailure ?? false,
      alarms: (info.alarmConfiguration?.alarms ?? [])
        .map((a) => ({ name: a.name ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
}

/** The planner keeps enum values as plain strings; they are the API's values. */
function toApiSettings(
  config: DeploymentGroupConfig,
): Omit<CreateDeploymentGroupInput, 'applicationName' | 'deploymentGroupName'> {
  return config as unknown as Omit<CreateDeploymentGroupInput, 'applicationName' | 'deploymentGroupName'>;
}

async function readDeploymentGroup(
  clients: FleetClients,
  desired: DesiredState,
  resource: string,
): Promise<DeploymentGroupConfig | undefined> {
  try {
    const out = await clients.codeDeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: desired.deploymentGroup.applicationName,
        deploymentGroupName: desired.deploymentGroup.deploymentGroupName,
      }),
    );
    return out.deploymentGroupInfo ? toDeploymentGroupConfig(out.deploymentGroupInfo) : undefined;
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'DeploymentGroupDoesNotExistException' || name === 'ApplicationDoesNotExistException') {
      return undefined;
    }
    throw new AwsCallError('codedeploy:GetDeploymentGroup', resource, err);
  }
}

async function updateDeploymentGroup(
  clients: FleetClients,
  desired: DesiredState,
  config: DeploymentGroupConfig,
  resource: string,
): Promise<void> {
  await call('codedeploy:UpdateDeploymentGroup', resource, () =>
    clients.codeDeploy.send(
      new UpdateDeploymentGroupCommand({
        applicationName: desired.deploymentGroup.applicationName,
        currentDeploymentGroupName: desired.deploymentGroup.deploymentGroupName,
        ...toApiSettings(config),
      }),
    ),
  );
}

async function readPolicies(clients: FleetClients, groupName: string): Promise<ObservedGroup['policies']> {
  return call('autoscaling:DescribePolicies', `group ${groupName}`, async () => {
    const policies: ObservedGroup['policies'] = [];
    for await (const page of paginateDescribePolicies(
      { client: clients.autoScaling },
      { AutoScalingGroupName: groupName },
    )) {
      for (const p of page.ScalingPolicies ?? []) {
        policies.push({
          policyName: p.PolicyName!,
          policyArn: p.PolicyARN,
          policyType: p.PolicyType,
          adjustmentType: p.AdjustmentType,
          scalingAdjustment: p.ScalingAdjustment,
          cooldown: p.Cooldown,
        });
      }
    }
    return policies;
  });
}

/** Whether a group belongs to the fleet: its tag, CodeDeploy's copy name, or the first group's name. */
function ownedBy(g: AutoScalingGroup, desired: DesiredState): boolean {
  const name = g.AutoScalingGroupName ?? '';
  const tagged = (g.Tags ?? []).some((t) => t.Key === FLEET_TAG_KEY && t.Value === desired.fleetId);
  return tagged || name.startsWith(desired.copyGroupPrefix) || name === desired.autoScalingGroupName;
}

function toObservedGroup(g: AutoScalingGroup): ObservedGroup {
  const tags: Record<string, string> = {};
  for (const t of g.Tags ?? []) {
    tags[t.Key!] = t.Value ?? '';
  }
  return {
    name: g.AutoScalingGroupName!,
    createdTime: g.CreatedTime ? new Date(g.CreatedTime).getTime() : 0,
    status: g.Status,
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    launchTemplateId: g.LaunchTemplate?.LaunchTemplateId,
    launchTemplateVersion: g.LaunchTemplate?.Version,
    healthCheckType: g.HealthCheckType,
    healthCheckGracePeriod: g.HealthCheckGracePeriod,
    subnetIds: (g.VPCZoneIdentifier ?? '').split(',').filter((s) => s.length > 0),
    targetGroupArns: g.TargetGroupARNs ?? [],
    tags,
    policies: [],
    instanceIds: (g.Instances ?? []).map((i) => i.InstanceId!),
  };
}

function toAsgTags(groupName: string, tags: GroupTag[]) {
  return tags.map((t) => ({
    ResourceId: groupName,
    ResourceType: 'auto-scaling-group',
    Key: t.key,
    Value: t.value,
    PropagateAtLaunch: t.propagateAtLaunch,
  }));
}
