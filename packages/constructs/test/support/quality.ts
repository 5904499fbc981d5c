/**
 * The quality gates every construct test uses: cdk-nag's AwsSolutions pack and cfn-lint.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** cdk-nag AwsSolutions findings of a scope that nobody acknowledged, as `rule at path: info` lines. */
export function unacknowledgedNagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) =>
        `${violation.ruleName} at ${resource.constructPath ?? resource.resourceLogicalId}: ${violation.description.split('\n')[0]}`,
    ),
  );
}

/** Runs cfn-lint once on several synthesized templates (it starts slowly); returns its exit code and output. */
export function cfnLint(
  templates: { [name: string]: unknown },
  region: string,
): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  const files = Object.entries(templates).map(([name, template]) => {
    const file = join(dir, `${name}.template.json`);
    writeFileSync(file, JSON.stringify(template, undefined, 1));
    return file;
  });
  try {
    try {
      const output = execFileSync(
        'cfn-lint',
        ['--format', 'parseable', '--regions', region, '--', ...files],
        {
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
      return { status: 0, output };
    } catch (error: any) {
      return { status: error.status ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
