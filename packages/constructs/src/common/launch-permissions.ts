import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What a principal needs to launch instances from one launch template, as Auto Scaling (the
 * fleet's CreateAutoScalingGroup) and CodeDeploy (the copy of a group) both check: RunInstances
 * limited to that template, and tags only on the instances it launches. Internal to the library.
 */
export function launchFromTemplateStatements(
  scope: Stack,
  launchTemplate: ec2.ILaunchTemplate,
  sidPrefix: string,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: `${sidPrefix}LaunchFromTemplate`,
      actions: ['ec2:RunInstances'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'ec2:LaunchTemplate': scope.formatArn({
            service: 'ec2',
            resource: 'launch-template',
            resourceName: launchTemplate.launchTemplateId!,
          }),
        },
      },
    }),
    new iam.PolicyStatement({
      sid: `${sidPrefix}TagLaunchedInstances`,
      actions: ['ec2:CreateTags'],
      resources: ['*'],
      conditions: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    }),
  ];
}
