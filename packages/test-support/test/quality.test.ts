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

  test('a clean template: exit 0 and no output', () => {
    expect(cfnLint({ clean: bucket({}) }, 'eu-west-3')).toEqual({ status: 0, output: '' });
  });

  test('every template of one run is checked, and a finding names its file and rule', () => {
    const result = cfnLint({ clean: bucket({}), broken: bucket({ NoSuchProperty: true }) }, 'eu-west-3');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/broken\.template\.json:\d+:\d+:\d+:\d+:E3002:/);
    expect(result.output).not.toMatch(/clean\.template\.json/);
  });
});
