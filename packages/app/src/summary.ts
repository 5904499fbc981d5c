import type { BlueGreenService } from '@comptastar/constructs';
import { CfnElement, Stack, Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
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

type Resources = { [logicalId: string]: { Type: string; Properties?: any } };

/** The synthesized template of a stack: what the summary describes (its app is synthesized once). */
function templateOf(stack: Stack): { Resources: Resources } {
  return Stage.of(stack)!.synth().getStackArtifact(stack.artifactId).template;
}

/** What one service's resources say in the template: load balancer, target group, instances, fleet. */
function serviceFacts(stack: Stack, resources: Resources, service: BlueGreenService) {
  const propertiesOf = (construct: IConstruct) =>
    resources[logicalId(stack, construct as CfnElement)].Properties;
  const targetGroupId = logicalId(stack, service.targetGroup.node.defaultChild as CfnElement);
  const rule = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule' &&
      r.Properties.Actions.some((a: any) => a.TargetGroupArn?.Ref === targetGroupId),
  );
  const pathPattern = rule?.Properties.Conditions.find((c: any) => c.Field === 'path-pattern')
    ?.PathPatternConfig?.Values?.[0];
  // The fleet's custom resource carries its desired state (`Fleet`): capacity and CPU policies.
  const fleetResource = service.fleet.node.defaultChild!.node.defaultChild!;
  return {
    loadBalancerName: propertiesOf(service.loadBalancer.node.defaultChild!).Name as string,
    targetGroup: resources[targetGroupId].Properties,
    pathPattern:
      (pathPattern as string | undefined) ?? '(none: no listener rule forwards to its target group)',
    instanceType: propertiesOf(service.launchTemplate.node.defaultChild!).LaunchTemplateData
      .InstanceType as string,
    fleet: propertiesOf(fleetResource).Fleet as {
      minSize: number;
      maxSize: number;
      desiredCapacity: number;
      policies: Array<{
        policyName: string;
        threshold: number;
        evaluationPeriods: number;
        periodSeconds: number;
        cooldownSeconds: number;
      }>;
    },
  };
}

/** A short, human summary of what each environment deploys and how long a deployment takes. */
export function renderSummary(stacks: EnvironmentStack[], hooks: HooksBudget = loadHooksBudget()): string {
  const lines: string[] = [];
  for (const stack of stacks) {
    const env = stack.loaded;
    const c = env.config;
    const n = env.network;
    const p = c.pipeline ?? {};
    const shared = env.naming.environmentResourceNames();
    lines.push(
      `${stack.stackName}: environment ${c.environment}, region ${stack.region}, ` +
        `${plural(n.maxAzs, 'AZ')}, ${plural(n.natGateways, 'NAT gateway')}` +
        `${env.deletionProtection ? ', deletion protection' : ''}`,
    );
    const connection = p.connectionArn ?? `${shared.sourceConnection} (new: activate it once in the console)`;
    const filters = [
      p.filePathsIncludes?.length ? `only pushes touching ${p.filePathsIncludes.join(', ')}` : '',
      p.filePathsExcludes?.length ? `skips pushes touching only ${p.filePathsExcludes.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `  pipeline   ${shared.pipeline}: ${c.github.repository}@${c.github.branch} via ${connection}` +
        `${filters.length ? `; ${filters.join('; ')}` : ''}`,
    );
    lines.push(
      `  notify     ${shared.notificationTopic}` +
        `${c.alarmEmail ? ` -> ${c.alarmEmail}` : ' (no e-mail subscribed)'}: one readable line per alarm (rollback, fleet, WAF), failed or stopped deployment, failed pipeline or build`,
    );
    const resources = templateOf(stack).Resources;
    for (const service of stack.services) {
      const app = service.appName;
      const facts = serviceFacts(stack, resources, service);
      const { targetGroup: tg, fleet } = facts;
      const [up, down] = fleet.policies;
      const measured = hooks.apps[app];
      lines.push(`  ${app}`);
      lines.push(
        `    alb      ${facts.loadBalancerName} (${logicalId(stack, service.loadBalancer.node.defaultChild as CfnElement)}), ` +
          `${'certificateArn' in env.https ? 'HTTPS :443 (HTTP :80 redirects)' : 'HTTP :80'}, path ${facts.pathPattern}; ` +
          `DNS name in output ${logicalId(stack, service.loadBalancerDnsNameOutput)} after deploy`,
      );
      lines.push(
        `    https    ${'certificateArn' in env.https ? `certificate ${env.https.certificateArn}, TLS 1.2+ policy` : `HTTP only: ${env.https.httpOnlyReason}`}`,
      );
      lines.push(`    waf      ${describeWaf(service)}`);
      lines.push(
        `    target   ${tg.Name}: HTTP ${tg.Port}, health ${tg.HealthCheckPath} every ${tg.HealthCheckIntervalSeconds} s ` +
          `(timeout ${tg.HealthCheckTimeoutSeconds} s, ${tg.HealthyThresholdCount} ok / ${tg.UnhealthyThresholdCount} fail, ${tg.Matcher.HttpCode}), ` +
          `deregistration delay ${service.deregistrationDelay.toSeconds()} s`,
      );
      lines.push(
        `    capacity ${facts.instanceType} x ${fleet.minSize}-${fleet.maxSize} (desired ${fleet.desiredCapacity}); ` +
          `${up.policyName} +1 above ${up.threshold} % CPU for ${up.evaluationPeriods} x ${up.periodSeconds} s, ` +
          `${down.policyName} -1 below ${down.threshold} % for ${down.evaluationPeriods} x ${down.periodSeconds} s, ` +
          `cooldown ${up.cooldownSeconds} s`,
      );
      lines.push(`    ssm      ${service.ssmPath}`);
      lines.push(
        `    fleet    during a deployment \`cdk deploy\` returns at once, its change lands when the deployment ends; ` +
          `the green group scales once traffic moved; reconcile every ${service.fleet.reconcileInterval.toMinutes()} min; ` +
          'no target group before the first deployment (no app yet)',
      );
      if (!measured) {
        lines.push(`    deploy   no measured hooks for ${app} in hooks-budget.json (run: ${hooks.command})`);
        continue;
      }
      const b = deployBudget(service, measured.beforeInstallToHealthySeconds, service.fleet.terminationWait);
      const interval = tg.HealthCheckIntervalSeconds;
      lines.push(
        `    deploy   hooks ${formatSeconds(b.hooksSeconds)} + green healthy ${formatSeconds(b.greenHealthySeconds)} ` +
          `(${tg.HealthyThresholdCount} x ${interval} s + ${interval} s) + blue drain ${formatSeconds(b.blueDrainSeconds)} ` +
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
