import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeploymentGroupDoesNotExistException, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clients } from './clients';
import { DeploymentSummary, listDeployments } from './deployments';
import { aws, CliError } from './errors';
import { formatDuration, formatTime, table } from './format';
import { AppTarget, DEPLOY_STAGE, EnvironmentTarget } from './targets';

/** How many deployments `status` lists per app. */
export const STATUS_DEPLOYMENTS = 5;

export interface InstanceStatus {
  readonly id: string;
  readonly lifecycleState?: string;
  readonly health?: string;
  readonly instanceType?: string;
  /** healthy | unhealthy | initial | draining | unused | unavailable, or `not registered`. */
  readonly targetHealth: string;
  readonly targetHealthReason?: string;
}

export interface AppStatus {
  readonly app: string;
  readonly deploymentGroup: string;
  /** What is missing when the app is not (fully) deployed. */
  readonly notDeployed?: string;
  readonly autoScalingGroup?: string;
  readonly capacity?: { readonly desired: number; readonly min: number; readonly max: number };
  readonly instances: InstanceStatus[];
  readonly deployments: DeploymentSummary[];
  readonly alarmsInAlarm: Array<{ readonly name: string; readonly reason?: string; readonly since?: string }>;
}

export interface StageStatus {
  readonly stage: string;
  /** The latest execution of the stage: InProgress | Failed | Stopped | Succeeded | ... */
  readonly status?: string;
  readonly executionId?: string;
  /** false when the transition into the stage is disabled (`comptastar pause`). */
  readonly transitionEnabled: boolean;
  readonly transitionDisabledReason?: string;
  readonly failedActions: Array<{ readonly action: string; readonly summary?: string }>;
}

export interface EnvironmentStatus {
  readonly environment: string;
  readonly region?: string;
  readonly pipeline: { readonly name: string; readonly notDeployed?: string; readonly stages: StageStatus[] };
  readonly apps: AppStatus[];
}

/** Reads what runs where: pipeline stages, and per app its live group, instances, deployments, alarms. */
export async function collectStatus(
  clients: Clients,
  env: EnvironmentTarget,
  apps: AppTarget[],
  now = new Date(),
): Promise<EnvironmentStatus> {
  const result: AppStatus[] = [];
  for (const app of apps) result.push(await appStatus(clients, app, now));
  return {
    environment: env.environment,
    region: env.region,
    pipeline: await pipelineStatus(clients, env),
    apps: result,
  };
}

async function pipelineStatus(
  clients: Clients,
  env: EnvironmentTarget,
): Promise<EnvironmentStatus['pipeline']> {
  let state: any;
  try {
    state = await aws(`codepipeline:GetPipelineState ${env.pipeline}`, () =>
      clients.codePipeline.send(new GetPipelineStateCommand({ name: env.pipeline })),
    );
  } catch (e) {
    if (e instanceof CliError && /PipelineNotFoundException/.test(e.message)) {
      return {
        name: env.pipeline,
        notDeployed: `no pipeline ${env.pipeline} (deploy the stack ${env.stackName})`,
        stages: [],
      };
    }
    throw e;
  }
  return {
    name: env.pipeline,
    stages: (state.stageStates ?? []).map((s: any) => ({
      stage: s.stageName,
      status: s.latestExecution?.status,
      executionId: s.latestExecution?.pipelineExecutionId,
      transitionEnabled: s.inboundTransitionState?.enabled ?? true,
      transitionDisabledReason:
        s.inboundTransitionState?.enabled === false ? s.inboundTransitionState.disabledReason : undefined,
      failedActions: (s.actionStates ?? [])
        .filter((a: any) => a.latestExecution?.status === 'Failed')
        .map((a: any) => ({
          action: a.actionName,
          summary: a.latestExecution?.errorDetails?.message ?? a.latestExecution?.summary,
        })),
    })),
  };
}

async function appStatus(clients: Clients, target: AppTarget, now: Date): Promise<AppStatus> {
  const base = {
    app: target.app,
    deploymentGroup: target.deploymentGroup,
    instances: [],
    deployments: [],
    alarmsInAlarm: [],
  };
  let group: any;
  try {
    group = (
      await clients.codeDeploy.send(
        new GetDeploymentGroupCommand({
          applicationName: target.codeDeployApplication,
          deploymentGroupName: target.deploymentGroup,
        }),
      )
    ).deploymentGroupInfo;
  } catch (e) {
    const name = (e as Error).name;
    if (
      e instanceof DeploymentGroupDoesNotExistException ||
      name === 'DeploymentGroupDoesNotExistException' ||
      name === 'ApplicationDoesNotExistException'
    ) {
      return {
        ...base,
        notDeployed: `no deployment group ${target.deploymentGroup} (deploy the stack, or wait for its fleet)`,
      };
    }
    return aws(`codedeploy:GetDeploymentGroup ${target.deploymentGroup}`, () => Promise.reject(e));
  }
  const asgName: string | undefined = group?.autoScalingGroups?.[0]?.name;
  const asg = asgName
    ? (
        await aws(`autoscaling:DescribeAutoScalingGroups ${asgName}`, () =>
          clients.autoScaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [asgName] }),
          ),
        )
      ).AutoScalingGroups?.[0]
    : undefined;
  const health = await targetHealth(clients, target);
  const instances: InstanceStatus[] = (asg?.Instances ?? []).map((i: any) => {
    const h = health.get(i.InstanceId);
    return {
      id: i.InstanceId,
      lifecycleState: i.LifecycleState,
      health: i.HealthStatus,
      instanceType: i.InstanceType,
      targetHealth: h?.state ?? 'not registered',
      targetHealthReason: h?.reason,
    };
  });
  const alarms = await aws(`cloudwatch:DescribeAlarms ${target.alarmPrefix}*`, () =>
    clients.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: target.alarmPrefix, StateValue: 'ALARM' }),
    ),
  );
  return {
    ...base,
    autoScalingGroup: asgName,
    notDeployed: asgName && !asg ? `the deployment group names ${asgName}, which does not exist` : undefined,
    capacity: asg ? { desired: asg.DesiredCapacity, min: asg.MinSize, max: asg.MaxSize } : undefined,
    instances,
    deployments: await listDeployments(clients.codeDeploy, target, { limit: STATUS_DEPLOYMENTS, now }),
    // Filtered here too: moto 5.2 ignores StateValue when AlarmNamePrefix is given (AWS applies both).
    alarmsInAlarm: (alarms.MetricAlarms ?? [])
      .filter((a: any) => a.StateValue === 'ALARM')
      .map((a: any) => ({
        name: a.AlarmName,
        reason: a.StateReason,
        since: a.StateUpdatedTimestamp ? new Date(a.StateUpdatedTimestamp).toISOString() : undefined,
      })),
  };
}

/** Target health per instance id in the app's target group (empty when the group does not exist). */
async function targetHealth(
  clients: Clients,
  target: AppTarget,
): Promise<Map<string, { state?: string; reason?: string }>> {
  const result = new Map<string, { state?: string; reason?: string }>();
  let arn: string | undefined;
  try {
    arn = (await clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [target.targetGroup] })))
      .TargetGroups?.[0]?.TargetGroupArn;
  } catch (e) {
    if ((e as Error).name === 'TargetGroupNotFoundException') return result;
    return aws(`elasticloadbalancing:DescribeTargetGroups ${target.targetGroup}`, () => Promise.reject(e));
  }
  if (!arn) return result;
  const out = await aws(`elasticloadbalancing:DescribeTargetHealth ${target.targetGroup}`, () =>
    clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })),
  );
  for (const d of out.TargetHealthDescriptions ?? []) {
    result.set(d.Target.Id, {
      state: d.TargetHealth?.State,
      reason: d.TargetHealth?.Description ?? d.TargetHealth?.Reason,
    });
  }
  return result;
}

/** The human report of `status`. */
export function renderStatus(s: EnvironmentStatus): string {
  const lines: string[] = [];
  lines.push(`${s.environment}${s.region ? ` (${s.region})` : ''}: pipeline ${s.pipeline.name}`);
  if (s.pipeline.notDeployed) lines.push(`  ${s.pipeline.notDeployed}`);
  lines.push(
    ...table(
      s.pipeline.stages.map((st) => [
        st.stage,
        st.status ?? 'never ran',
        st.executionId ? `execution ${st.executionId}` : '',
        st.transitionEnabled
          ? ''
          : `PAUSED: ${st.transitionDisabledReason ?? ''} (npx comptastar resume ${s.environment})`,
      ]),
      '  ',
    ),
  );
  for (const st of s.pipeline.stages) {
    for (const a of st.failedActions) lines.push(`    ${st.stage}/${a.action} failed: ${a.summary ?? ''}`);
  }
  for (const app of s.apps) {
    lines.push('');
    if (app.notDeployed) {
      lines.push(`${app.app}: ${app.notDeployed}`);
      if (!app.autoScalingGroup) continue;
    }
    const c = app.capacity;
    lines.push(
      `${app.app}: group ${app.autoScalingGroup ?? '-'}` +
        (c ? `, ${app.instances.length} instance(s), desired ${c.desired} (min ${c.min}, max ${c.max})` : ''),
    );
    lines.push(
      ...table(
        app.instances.map((i) => [
          i.id,
          `${i.lifecycleState ?? '?'}/${i.health ?? '?'}`,
          i.instanceType ?? '',
          `target ${i.targetHealth}${i.targetHealthReason ? ` (${i.targetHealthReason})` : ''}`,
        ]),
        '  ',
      ),
    );
    if (app.deployments.length === 0) {
      lines.push('  deployments: none yet (a push to the branch starts the first one)');
    } else {
      lines.push('  deployments (newest first):');
      lines.push(
        ...table(
          app.deployments.map((d) => [
            d.id,
            d.status + (d.status === 'InProgress' && d.blueWaitStarted ? ' (blue wait)' : ''),
            formatTime(d.createTime),
            formatDuration(d.durationSeconds),
            d.revision ?? '-',
            d.error?.code ?? '',
          ]),
          '    ',
        ),
      );
    }
    lines.push(
      app.alarmsInAlarm.length === 0
        ? '  alarms in ALARM: none'
        : `  alarms in ALARM: ${app.alarmsInAlarm.map((a) => `${a.name} since ${formatTime(a.since)}`).join(', ')}`,
    );
    const failed = app.deployments.find((d) => d.status === 'Failed' || d.status === 'Stopped');
    if (failed && app.deployments[0]?.id === failed.id) {
      lines.push(
        `  last deployment ${failed.status.toLowerCase()}: npx comptastar why ${s.environment} ${app.app}`,
      );
    }
  }
  return lines.join('\n');
}
