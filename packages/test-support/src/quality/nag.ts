import type { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * The findings of a cdk-nag pack in a scope that nobody acknowledged, one
 * `rule at construct path: first line of the rule's description` line each.
 * The caller creates the pack (e.g. `new AwsSolutionsChecks(app)`), so this package needs the CDK
 * only for its types.
 */
export function unacknowledgedNagFindings(scope: IConstruct, pack: NagPack): string[] {
  const report = pack.validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) =>
        `${violation.ruleName} at ${resource.constructPath ?? resource.resourceLogicalId}: ${violation.description.split('\n')[0]}`,
    ),
  );
}
