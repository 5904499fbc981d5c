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
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import type {
  Action,
  DeploymentGroupConfig,
  GroupTag,
  ObservedAlarm,
  ObservedGroup,
  ObservedState,
} from './plan';
import { DesiredState, FLEET_TAG_KEY } from './types';

/** The clients the fleet uses; tests pass clients pointed at moto and a CodeDeploy double. */
export interface FleetClients {
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly codeDeploy: CodeDeployClient;
}

/** Clients with adaptive retries (client-side rate limiting on throttling errors). */
export function defaultClients(): FleetClients {
  const config = { retryMode: 'adaptive', maxAttempts: 10 };
  return {
    autoScaling: new AutoScalingClient(config),
    cloudWatch: new CloudWatchClient(config),
    codeDeploy: new CodeDeployClient(config),
  };
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
const ACTIVE_STATUSES = [
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
  const current = deploymentGroup?.autoScalingGroups[0];

  const groups: ObservedGroup[] = [];
  await call('autoscaling:DescribeAutoScalingGroups', `the groups of fleet ${desired.fleetId}`, async () => {
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: clients.autoScaling },
      { MaxRecords: 100 },
    )) {
      for (const g of page.AutoScalingGroups ?? []) {
        if (ownedBy(g, desired) || g.AutoScalingGroupName === current) {
          groups.push(toObservedGroup(g));
        }
      }
    }
  });
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

  const activeDeploymentIds = deploymentGroup
    ? await call('codedeploy:ListDeployments', dgResource, async () => {
        const out = await clients.codeDeploy.send(
          new ListDeploymentsCommand({
            applicationName: dgSpec.applicationName,
            deploymentGroupName: dgSpec.deploymentGroupName,
            includeOnlyStatuses: ACTIVE_STATUSES,
          }),
        );
        return out.deployments ?? [];
      })
    : [];
  return { groups, alarms, deploymentGroup, activeDeploymentIds };
}

/** Executes one planned action. Deletes of what is already gone succeed. */
export async function execute(clients: FleetClients, desired: DesiredState, action: Action): Promise<void> {
  const asg = clients.autoScaling;
  const dg = desired.deploymentGroup;
  const dgResource = `deployment group ${dg.applicationName}/${dg.deploymentGroupName}`;
  switch (action.type) {
    case 'createGroup': {
      const s = action.settings;
      await call('autoscaling:CreateAutoScalingGroup', `group ${action.groupName}`, () =>
        asg.send(
          new CreateAutoScalingGroupCommand({
            AutoScalingGroupName: action.groupName,
            MinSize: s.minSize,
            MaxSize: s.maxSize,
            DesiredCapacity: s.desiredCapacity,
            LaunchTemplate: { LaunchTemplateId: s.launchTemplate.id, Version: s.launchTemplate.version },
            VPCZoneIdentifier: s.subnetIds.join(','),
            TargetGroupARNs: [action.targetGroupArn],
            HealthCheckType: s.healthCheckType,
            HealthCheckGracePeriod: s.healthCheckGracePeriod,
            Tags: toAsgTags(action.groupName, action.tags),
          }),
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
        await clients.codeDeploy.send(
          new CreateDeploymentGroupCommand({
            applicationName: dg.applicationName,
            deploymentGroupName: dg.deploymentGroupName,
            ...toApiSettings(action.config),
          }),
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
