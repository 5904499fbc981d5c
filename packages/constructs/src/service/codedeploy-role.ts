import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcard } from './nag';
import { launchFromTemplateStatements } from '../common/launch-permissions';

/**
 * CodeDeploy's service role for blue/green on EC2: the AWS managed AWSCodeDeployRole plus what
 * copying an Auto Scaling group that uses a launch template needs (CodeDeploy user guide, "Create a
 * service role"): launching from this template only, and passing the instance role to EC2.
 */
export function createCodeDeployServiceRole(
  scope: Construct,
  resourcePrefix: string,
  launchTemplate: ec2.LaunchTemplate,
  instanceRole: iam.IRole,
): iam.Role {
  const managed = iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRole');
  const role = new iam.Role(scope, 'CodeDeployServiceRole', {
    assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
    description: `${resourcePrefix}: CodeDeploy blue/green with a launch template`,
    managedPolicies: [managed],
  });
  launchFromTemplateStatements(Stack.of(scope), launchTemplate, 'CodeDeploy').forEach((st) =>
    role.addToPrincipalPolicy(st),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PassInstanceRole',
      actions: ['iam:PassRole'],
      resources: [instanceRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRole]',
    reason:
      'AWSCodeDeployRole is the service role policy AWS defines for CodeDeploy on EC2/Auto Scaling and keeps current.',
  });
  acknowledgeWildcard(
    role,
    'Resource',
    '*',
    'RunInstances touches instances, volumes, network interfaces and the AMI, whose ids are not known in advance; it is limited to this service launch template (ec2:LaunchTemplate) and CreateTags to RunInstances (ec2:CreateAction).',
  );
  return role;
}
