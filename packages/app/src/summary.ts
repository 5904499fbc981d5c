import type { BlueGreenService } from '@comptastar/constructs';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { deployBudget, formatSeconds, HooksBudget, loadHooksBudget } from './budget';
import type { EnvironmentStack } from './environment-stack';

/** The web ACL of a service's load balancer, in one line. */
function describeWaf(service: BlueGreenService): string {
  const waf = service.waf;
  const acl = service.webAcl;
  if (waf.kind === 'off') return `off: ${waf.offReason}`;
  if (!acl) return `web ACL ${waf.webAclArn}`;
  return (
    `${acl.webAclName}: AWS managed IP reputation, common and known-bad-inputs rules, ${acl.rateLimit} requests / 5 min / IP; ` +
    `alarm ${acl.alarmName} at ${acl.blockedRequestsAlarmThreshold} blocked / 5 min`
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const logicalId = (stack: Stack, element: CfnElement) => stack.resolve(element.logicalId) as string;

/** A short, human summary of what each environment deploys and how long a deployment takes. */
export function renderSummary(stacks: EnvironmentStack[], hooks: HooksBudget = loadHooksBudget()): string {
  const lines: string[] = [];
  for (const stack of stacks) {
    const env = stack.loaded;
    const c = env.config;
    const n = env.network;
    const p = c.pipeline ?? {};
    lines.push(
      `${stack.stackName}: environment ${c.environment}, region ${stack.region}, ` +
        `${plural(n.maxAzs, 'AZ')}, ${plural(n.natGateways, 'NAT gateway')}` +
        `${env.deletionProtection ? ', deletion protection' : ''}`,
    );
    const connection =
      p.connectionArn ?? `${env.naming.sourceConnectionName()} (new: activate it once in the console)`;
    const filters = [
      p.filePathsIncludes?.length ? `only pushes touching ${p.filePathsIncludes.join(', ')}` : '',
      p.filePathsExcludes?.length ? `skips pushes touching only ${p.filePathsExcludes.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `  pipeline   ${env.naming.pipelineName()}: ${c.github.repository}@${c.github.branch} via ${connection}` +
        `${filters.length ? `; ${filters.join('; ')}` : ''}`,
    );
    lines.push(
      `  notify     ${env.naming.notificationTopicName()}` +
        `${c.alarmEmail ? ` -> ${c.alarmEmail}` : ' (no e-mail subscribed)'}: one readable line per alarm (rollback, fleet, WAF), failed or stopped deployment, failed pipeline or build`,
    );
    for (const service of stack.services) {
      const app = service.config;
      const hc = app.healthCheck;
      const s = app.scaling;
      const measured = hooks.apps[app.appName];
      lines.push(`  ${app.appName}`);
      lines.push(
        `    alb      ${app.loadBalancerName} (${logicalId(stack, service.loadBalancer.node.defaultChild as CfnElement)}), ` +
          `${'certificateArn' in env.https ? 'HTTPS :443 (HTTP :80 redirects)' : 'HTTP :80'}, path ${app.pathPattern}; ` +
          `DNS name in output ${logicalId(stack, service.loadBalancerDnsNameOutput)} after deploy`,
      );
      lines.push(
        `    https    ${'certificateArn' in env.https ? `certificate ${env.https.certificateArn}, TLS 1.2+ policy` : `HTTP only: ${env.https.httpOnlyReason}`}`,
      );
      lines.push(`    waf      ${describeWaf(service)}`);
      lines.push(
        `    target   ${app.targetGroupName}: HTTP ${app.port}, health ${hc.path} every ${hc.intervalSeconds} s ` +
          `(timeout ${hc.timeoutSeconds} s, ${hc.healthyThreshold} ok / ${hc.unhealthyThreshold} fail, ${hc.matcher}), ` +
          `deregistration delay ${app.deregistrationDelaySeconds} s`,
      );
      lines.push(
        `    capacity ${app.instanceType} x ${s.minCapacity}-${s.maxCapacity} (desired ${s.desiredCapacity}); ` +
          `${app.scaleUpPolicyName} +1 above ${s.scaleUpCpuPercent} % CPU for ${s.scaleUpEvaluationPeriods} x ${s.scaleUpPeriodSeconds} s, ` +
          `${app.scaleDownPolicyName} -1 below ${s.scaleDownCpuPercent} % for ${s.scaleDownEvaluationPeriods} x ${s.scaleDownPeriodSeconds} s, ` +
          `cooldown ${s.cooldownSeconds} s`,
      );
      lines.push(`    ssm      ${app.ssmPath}`);
      lines.push(
        `    fleet    during a deployment \`cdk deploy\` returns at once, its change lands when the deployment ends; ` +
          `the green group scales once traffic moved; reconcile every ${service.fleet.reconcileInterval.toMinutes()} min; ` +
          'no target group before the first deployment (no app yet)',
      );
      if (!measured) {
        lines.push(
          `    deploy   no measured hooks for ${app.appName} in hooks-budget.json (run: ${hooks.command})`,
        );
        continue;
      }
      const b = deployBudget(
        app,
        measured.beforeInstallToHealthySeconds,
        service.fleet.terminationWait.toSeconds(),
      );
      lines.push(
        `    deploy   hooks ${formatSeconds(b.hooksSeconds)} + green healthy ${formatSeconds(b.greenHealthySeconds)} ` +
          `(${hc.healthyThreshold} x ${hc.intervalSeconds} s + ${hc.intervalSeconds} s) + blue drain ${formatSeconds(b.blueDrainSeconds)} ` +
          `= traffic moved ${formatSeconds(b.trafficMovedSeconds)}; + blue wait ${formatSeconds(b.blueWaitSeconds)} ` +
          `= deploy action ends ${formatSeconds(b.deployActionEndsSeconds)}`,
      );
    }
  }
  lines.push(
    `Deploy times start when a green instance runs its first hook (instance launch and boot not included); ` +
      `hooks measured by \`${hooks.command}\` on ${hooks.measuredOn} as a first deployment, PM2 unpacked from the revision ` +
      '(a new instance also installs Node.js with dnf in BeforeInstall, not measured here; nothing from the npm registry).',
  );
  return lines.join('\n');
}
