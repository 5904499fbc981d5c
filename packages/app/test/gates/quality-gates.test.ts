import { cfnLint, unacknowledgedNagFindings } from '@comptastar/test-support';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { extraCheckViolations } from './extra-checks';
import { committedEnvironments, synthWithNag, tlsEnvironment } from '../support/synth';

describe('quality gates on every environment stack (dev, production, staging, and dev with a certificate)', () => {
  const { app, templates, synthError } = synthWithNag([...committedEnvironments(), tlsEnvironment()]);

  test('the gates see every environment', () => {
    expect(Object.keys(templates).sort()).toEqual([
      'comptastar-dev',
      'comptastar-production',
      'comptastar-staging',
      'comptastar-tls',
    ]);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    expect(unacknowledgedNagFindings(app, new AwsSolutionsChecks())).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  // Every acknowledged NIST rule and its reason: packages/constructs/README.md ("cdk-nag NIST 800-53 R5").
  test("aws-cdk-lib's built-in template validation (strict): no finding, not even a warning", () => {
    expect(synthError).toBeUndefined();
  });

  test('cdk-nag NIST 800-53 R5: no unacknowledged finding', () => {
    expect(unacknowledgedNagFindings(app, new NIST80053R5Checks())).toEqual([]);
  });

  test('cfn-lint: 0 errors and 0 warnings on every template', () => {
    const result = cfnLint(templates, 'eu-west-3');
    if (result.status !== 0) throw new Error(`cfn-lint exited ${result.status}:\n${result.output}`);
    expect(result.output.trim()).toBe('');
  });

  test.each(['comptastar-dev', 'comptastar-production', 'comptastar-staging', 'comptastar-tls'])(
    'extra checks (IMDSv2, invalid headers, HTTPS redirect, EBS encryption, log retention, no Action "*"): %s',
    (stackName) => {
      expect(extraCheckViolations(templates[stackName])).toEqual([]);
    },
  );

  test('the certificate variant exercises the HTTPS redirect check: HTTPS listeners and redirecting HTTP ones', () => {
    const listeners = Object.values<any>(templates['comptastar-tls'].Resources).filter(
      (r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener',
    );
    expect(listeners.filter((l) => l.Properties.Protocol === 'HTTPS')).toHaveLength(2);
    expect(
      listeners
        .filter((l) => l.Properties.Protocol === 'HTTP')
        .map((l) => l.Properties.DefaultActions[0].Type),
    ).toEqual(['redirect', 'redirect']);
  });
});
