import type { LoadedEnvironment } from './load-environments';

/** A short, human summary of what each environment deploys. */
export function renderSummary(environments: LoadedEnvironment[]): string {
  const lines: string[] = [];
  for (const env of environments) {
    const c = env.config;
    lines.push(
      `${env.naming.stackName()} (environment ${c.environment}, source ${c.github.repository}@${c.github.branch})`,
    );
    for (const app of env.apps) {
      const hc = app.healthCheck;
      const s = app.scaling;
      lines.push(
        `  ${app.appName.padEnd(4)} ${app.targetGroupName} port ${app.port} ${app.pathPattern.padEnd(7)} ` +
          `health ${hc.path} every ${hc.intervalSeconds}s (${hc.healthyThreshold} ok / ${hc.unhealthyThreshold} fail) ` +
          `${app.instanceType} x${s.minCapacity}-${s.maxCapacity} ${app.scaleUpPolicyName}/${app.scaleDownPolicyName} ` +
          `ssm ${app.ssmPath}`,
      );
    }
  }
  return lines.join('\n');
}
