import { cfnLint, strictTemplateValidation, unacknowledgedNagFindings } from '@comptastar/test-support';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { API, CERTIFICATE_ARN, REGION, WEB, networkStack } from './fixture';
import { ComptaStarService } from '../../src/service';

/** Two stacks of two services (api + web): HTTP only with defaults, and HTTPS with every option. */
function twoServiceApp(): { app: App; stacks: Stack[] } {
  const app = new App({ context: strictTemplateValidation() });
  const plain = networkStack(app, 'Http');
  new ComptaStarService(plain.stack, 'Api', {
    naming: plain.naming,
    vpc: plain.vpc,
    service: API,
  });
  new ComptaStarService(plain.stack, 'Web', {
    naming: plain.naming,
    vpc: plain.vpc,
    service: WEB,
  });

  const full = networkStack(app, 'Https');
  const artifacts = s3.Bucket.fromBucketName(full.stack, 'Artifacts', 'comptastar-dev-artifacts');
  for (const appName of ['api', 'web']) {
    new ComptaStarService(full.stack, appName === 'api' ? 'Api' : 'Web', {
      naming: full.naming,
      vpc: full.vpc,
      service: appName === 'api' ? API : WEB,
      certificateArn: CERTIFICATE_ARN,
      deletionProtection: true,
      alarmEmail: 'ops@comptastar.example',
      artifactBucket: artifacts,
      allowSshFromVpc: appName === 'api',
    });
  }
  return { app, stacks: [plain.stack, full.stack] };
}

describe('quality gates on a stack with two services (api + web)', () => {
  // One app, synthesized once with cdk-nag registered as a CDK validation plugin and aws-cdk-lib's
  // built-in template validation in strict mode: synthesis throws on any finding of either.
  const { app, stacks } = twoServiceApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown;
  let assembly: ReturnType<App['synth']> | undefined;
  try {
    assembly = app.synth();
  } catch (error) {
    synthError = error;
  }

  test('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    expect(unacknowledgedNagFindings(app, new AwsSolutionsChecks())).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  test("aws-cdk-lib's built-in template validation: no finding, not even a warning", () => {
    expect(synthError).toBeUndefined();
    expect(assembly).toBeDefined();
  });

  test('the built-in validation is on here (the gate is not vacuous)', () => {
    const control = new App({ context: strictTemplateValidation() });
    const stack = new Stack(control, 'Control', { env: { region: REGION } });
    new CfnResource(stack, 'Misspelt', { type: 'AWS::S3::Bucket', properties: { BucketNam: 'x' } });
    expect(() => control.synth()).toThrow(/BucketNam/);
  });

  test('cdk-nag still reports what the service does not acknowledge (the gate is not vacuous)', () => {
    const control = networkStack();
    new s3.Bucket(control.stack, 'Unlogged', { enforceSSL: true });
    expect(
      unacknowledgedNagFindings(control.app, new AwsSolutionsChecks()).map((f) => f.split(' ')[0]),
    ).toEqual(['AwsSolutions-S1']);
  });

  test('cfn-lint: 0 errors and 0 warnings on the synthesized templates', () => {
    const templates = Object.fromEntries(
      stacks.map((s) => [s.stackName, assembly!.getStackByName(s.stackName).template]),
    );
    const result = cfnLint(templates, REGION);
    if (result.status !== 0) {
      throw new Error(`cfn-lint exited ${result.status}:\n${result.output}`);
    }
    expect(result.output.trim()).toBe('');
  });
});
