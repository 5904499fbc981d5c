import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { BatchGetDeploymentTargetsCommand, ListDeploymentTargetsCommand } from '@aws-sdk/client-codedeploy';
import type { Clients } from './clients';
import { DeploymentSummary, getDeployment, listDeployments, summarize } from './deployments';
import { aws, CliError } from './errors';
import { formatDuration, formatTime } from './format';
import type { AppTarget } from './targets';

/** One failed lifecycle event of one instance, as the CodeDeploy agent reported it. */
export interface FailedEvent {
  readonly instanceId: string;
  /** Blue | Green, when CodeDeploy says. */
  readonly instanceLabel?: string;
  readonly lifecycleEvent: string;
  /** ScriptFailed | ScriptTimedOut | ScriptMissing | ScriptNotExecutable | UnknownError. */
  readonly errorCode?: string;
  readonly script?: string;
  /** From the agent's message "... failed with exit code N". */
  readonly exitCode?: number;
  readonly message?: string;
  /** The end of the script's output (the agent keeps only its last part). */
  readonly logTail?: string;
}

export interface WhyReport {
  readonly environment: string;
  readonly app: string;
  readonly deployment: DeploymentSummary;
  readonly failedEvents: FailedEvent[];
  /** Alarms of the app in ALARM now (a stopped deployment's usual cause). */
  readonly alarmsInAlarm: string[];
  readonly logGroups: string[];
  /** What to try next, most specific first. */
  readonly nextSteps: string[];
}

/**
 * Why a deployment failed: the deployment's error, and per failed instance the lifecycle event, script,
 * exit code and log tail from CodeDeploy's lifecycle-event diagnostics (ListDeploymentTargets with
 * TargetStatus=Failed, then BatchGetDeploymentTargets: CodeDeploy API reference), with the next step.
 * Without an id: the newest Failed or Stopped deployment of the app.
 */
export async function collectWhy(
  clients: Clients,
  target: AppTarget,
  deploymentId?: string,
  now = new Date(),
): Promise<WhyReport> {
  let deployment: DeploymentSummary;
  if (deploymentId) {
    const info = await getDeployment(clients.codeDeploy, deploymentId);
    if (info.applicationName !== target.codeDeployApplication) {
      throw new CliError(
        `deployment ${deploymentId} belongs to ${info.applicationName}, not to ${target.codeDeployApplication} (${target.environment} ${target.app})`,
      );
    }
    deployment = summarize(info, now);
  } else {
    const [latest] = await listDeployments(clients.codeDeploy, target, {
      statuses: ['Failed', 'Stopped'],
      limit: 1,
      now,
    });
    if (!latest) {
      throw new CliError(
        `no failed or stopped deployment of ${target.app} in ${target.environment}; see \`npx comptastar status ${target.environment} ${target.app}\``,
      );
    }
    deployment = latest;
  }
  const failedEvents = await failedLifecycleEvents(clients, deployment.id);
  const alarms = await aws(`cloudwatch:DescribeAlarms ${target.alarmPrefix}*`, () =>
    clients.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: target.alarmPrefix, StateValue: 'ALARM' }),
    ),
  );
  // Filtered here too: moto 5.2 ignores StateValue when AlarmNamePrefix is given (AWS applies both).
  const alarmsInAlarm = (alarms.MetricAlarms ?? [])
    .filter((a: any) => a.StateValue === 'ALARM')
    .map((a: any) => a.AlarmName as string);
  return {
    environment: target.environment,
    app: target.app,
    deployment,
    failedEvents,
    alarmsInAlarm,
    logGroups: [target.deploymentLogGroup, target.applicationLogGroup],
    nextSteps: nextSteps(target, deployment, failedEvents, alarmsInAlarm),
  };
}

async function failedLifecycleEvents(clients: Clients, deploymentId: string): Promise<FailedEvent[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await aws(`codedeploy:ListDeploymentTargets ${deploymentId}`, () =>
      clients.codeDeploy.send(
        new ListDeploymentTargetsCommand({
          deploymentId,
          targetFilters: { TargetStatus: ['Failed'] },
          nextToken,
        }),
      ),
    );
    ids.push(...(out.targetIds ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  const events: FailedEvent[] = [];
  // BatchGetDeploymentTargets takes at most 25 ids per call (CodeDeploy API reference).
  for (let i = 0; i < ids.length; i += 25) {
    const out = await aws(`codedeploy:BatchGetDeploymentTargets ${deploymentId}`, () =>
      clients.codeDeploy.send(
        new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ids.slice(i, i + 25) }),
      ),
    );
    for (const t of out.deploymentTargets ?? []) {
      const instance = t.instanceTarget;
      if (!instance) continue;
      for (const e of instance.lifecycleEvents ?? []) {
        if (e.status !== 'Failed') continue;
        const exit = /exit code (\d+)/i.exec(e.diagnostics?.message ?? '');
        events.push({
          instanceId: instance.targetId,
          instanceLabel: instance.instanceLabel,
          lifecycleEvent: e.lifecycleEventName,
          errorCode: e.diagnostics?.errorCode,
          script: e.diagnostics?.scriptName || undefined,
          exitCode: exit ? Number(exit[1]) : undefined,
          message: e.diagnostics?.message,
          logTail: e.diagnostics?.logTail,
        });
      }
    }
  }
  return events;
}

/** The next step to try, from the most specific sign in the diagnostics. */
export function nextSteps(
  target: AppTarget,
  deployment: DeploymentSummary,
  events: FailedEvent[],
  alarmsInAlarm: string[],
): string[] {
  const env = target.environment;
  const app = target.app;
  const steps: string[] = [];
  const tails = events.map((e) => `${e.message ?? ''}\n${e.logTail ?? ''}`).join('\n');
  const missing = /no value in SSM \S+ for: ([^(\n]+)/.exec(tails);
  if (missing) {
    steps.push(
      `create the missing parameter(s) ${missing[1].trim()} under ${target.ssmPath}: \`param-tool -c --env ${env} --app ${app}\` ` +
        `(check with \`param-tool check --env ${env} --app ${app}\`), then release the change again (push, or "Release change" on the pipeline)`,
    );
  }
  for (const e of events) {
    if (e.errorCode === 'ScriptTimedOut') {
      steps.push(
        `${e.script ?? e.lifecycleEvent} ran past its timeout in ${e.lifecycleEvent}: see its output in ${target.deploymentLogGroup}, stream ${e.instanceId}`,
      );
    } else if (e.errorCode === 'ScriptMissing' || e.errorCode === 'ScriptNotExecutable') {
      steps.push(
        `the revision lacks ${e.script ?? 'a hook script'} (or it is not executable): rebuild the revision with the deploy-hooks kit`,
      );
    } else if (e.lifecycleEvent === 'ValidateService' && !missing) {
      steps.push(
        `the app did not pass its health check on ${e.instanceId}: its output is in ${target.applicationLogGroup} (stream ${e.instanceId}); ` +
          `health path ${target.config.healthCheck.path} on port ${target.config.port}`,
      );
    }
  }
  if (deployment.error?.code === 'ALARM_ACTIVE' || alarmsInAlarm.length > 0) {
    steps.push(
      alarmsInAlarm.length > 0
        ? `alarm(s) in ALARM now: ${alarmsInAlarm.join(', ')}; CodeDeploy stops a deployment while one of its alarms is in ALARM: fix the cause, wait for OK, then release again`
        : 'an alarm of the deployment group stopped it and is no longer in ALARM: release again',
    );
  }
  if (deployment.error?.code === 'MANUAL_STOP') {
    steps.push(
      'it was stopped on request (StopDeployment, e.g. `npx comptastar rollback`): release again when ready',
    );
  }
  if (events.length === 0 && !deployment.error?.code?.match(/ALARM_ACTIVE|MANUAL_STOP/)) {
    steps.push(
      `no instance reported a failed hook: check the CodeDeploy agent on the green instances (${target.deploymentLogGroup}) ` +
        `and the Auto Scaling activity of CodeDeploy_${target.deploymentGroup}_${deployment.id}`,
    );
  }
  if (steps.length === 0 || !missing) {
    steps.push(`the full output of each hook is in ${target.deploymentLogGroup} (one stream per instance)`);
  }
  return steps;
}

/** The human report of `why`. */
export function renderWhy(r: WhyReport): string {
  const d = r.deployment;
  const lines = [
    `${r.environment} ${r.app}: deployment ${d.id} ${d.status} at ${formatTime(d.completeTime ?? d.createTime)} after ${formatDuration(d.durationSeconds)}`,
    `  revision  ${d.revision ?? '-'}`,
  ];
  if (d.error) lines.push(`  error     ${d.error.code ?? ''}: ${d.error.message ?? ''}`);
  for (const e of r.failedEvents) {
    lines.push(
      `  failed    ${e.lifecycleEvent} on ${e.instanceId}${e.instanceLabel ? ` (${e.instanceLabel.toLowerCase()})` : ''}: ` +
        `${e.script ?? '(no script)'}${e.exitCode !== undefined ? `, exit code ${e.exitCode}` : ''} (${e.errorCode ?? 'unknown'})`,
    );
    if (e.logTail) {
      lines.push('  log tail');
      for (const l of e.logTail.trimEnd().split('\n')) lines.push(`    ${l}`);
    }
  }
  if (r.alarmsInAlarm.length > 0) lines.push(`  alarms    in ALARM: ${r.alarmsInAlarm.join(', ')}`);
  lines.push('  next');
  for (const s of r.nextSteps) lines.push(`    - ${s}`);
  return lines.join('\n');
}
