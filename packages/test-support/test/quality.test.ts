import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cfnLint, unacknowledgedNagFindings } from '../src';

describe('unacknowledgedNagFindings', () => {
  test('one line per finding: rule, construct path and what the rule asks', () => {
    const app = new App();
    const stack = new Stack(app, 'Gate');
    new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
    expect(unacknowledgedNagFindings(app, new AwsSolutionsChecks())).toEqual([
      expect.stringMatching(
        /^AwsSolutions-S1 at Gate\/Unlogged\/Resource: The S3 Bucket has server access logs disabled\.$/,
      ),
    ]);
  });

  test('an acknowledged finding is not listed', () => {
    const app = new App();
    const stack = new Stack(app, 'Gate');
    const bucket = new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'a test bucket' });
    expect(unacknowledgedNagFindings(app, new AwsSolutionsChecks())).toEqual([]);
  });
});

describe('cfnLint', () => {
  const bucket = (properties: object) => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: properties } },
  });

  // One run (cfn-lint starts slowly): the clean template passes, the broken one is reported.
  test('every template of one run is checked: a finding names its file and rule, a clean template has none', () => {
    const result = cfnLint({ clean: bucket({}), broken: bucket({ NoSuchProperty: true }) }, 'eu-west-3');
    expect(result.status).not.toBe(0);
    expect(result.output.trim().split('\n')).toEqual([
      expect.stringMatching(/broken\.template\.json:\d+:\d+:\d+:\d+:E3002:/),
    ]);
  });
});
