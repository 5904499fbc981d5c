import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FleetNames } from './fleet-names';
import { launchFromTemplateStatements } from '../common/launch-permissions';
import { acknowledgeWildcard } from '../service/nag';

/** What the handler's role may act on. */
export interface HandlerPermissionsProps {
  readonly names: FleetNames;
  readonly launchTemplate: ec2.ILaunchTemplate;
  readonly application: codedeploy.IServerApplication;
  /** CodeDeploy service role, passed to CodeDeploy when the handler creates the deployment group. */
  readonly serviceRole: iam.IRole;
  /** Instance role, passed to EC2 when Auto Scaling launches from the template. */
  readonly instanceRole?: iam.IRole;
}

/**
 * Least privilege for the fleet's handler: each statement names what AWS lets us scope it to,
 * and each wildcard left is acknowledged for cdk-nag with the reason AWS forces it.
 */
export function grantHandlerPermissions(
  scope: Construct,
  role: iam.Role,
  props: HandlerPermissionsProps,
): void {
  const stack = Stack.of(scope);
  const { names } = props;
  const groupArn = (name: string) =>
    stack.formatArn({
      service: 'autoscaling',
      resource: 'autoScalingGroup',
      resourceName: `*:autoScalingGroupName/${name}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  const firstGroup = groupArn(names.autoScalingGroupName);
  const copies = groupArn(`${names.copyGroupPrefix}*`);
  const anyGroup = groupArn('*');
  const groupActions = [
    'autoscaling:UpdateAutoScalingGroup',
    'autoscaling:CreateOrUpdateTags',
    'autoscaling:AttachLoadBalancerTargetGroups',
    'autoscaling:DetachLoadBalancerTargetGroups',
    'autoscaling:PutScalingPolicy',
    'autoscaling:DeletePolicy',
    'autoscaling:DeleteAutoScalingGroup',
  ];
  const fleetAlarms = stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: `${names.alarmNamePrefix}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const deploymentGroup = codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(
    scope,
    'DeploymentGroupForPolicy',
    { application: props.application, deploymentGroupName: names.deploymentGroupName },
  );
  const statements = [
    new iam.PolicyStatement({
      sid: 'CreateFirstGroup',
      actions: ['autoscaling:CreateAutoScalingGroup'],
      resources: [firstGroup],
    }),
    new iam.PolicyStatement({
      sid: 'ManageFleetGroups',
      actions: groupActions,
      resources: [firstGroup, copies],
    }),
    // Groups the fleet finds by its tag alone (e.g. copies named after an earlier deployment group).
    new iam.PolicyStatement({
      sid: 'ManageTaggedFleetGroups',
      actions: groupActions,
      resources: [anyGroup],
      conditions: { StringEquals: { [`autoscaling:ResourceTag/${names.tagKeys.fleet}`]: names.fleetId } },
    }),
    new iam.PolicyStatement({
      sid: 'DescribeGroupsAndAlarms',
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribePolicies',
        'cloudwatch:DescribeAlarms',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:DescribeSubnets',
        'elasticloadbalancing:DescribeTargetHealth',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DesiredState',
      actions: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'],
      resources: [
        stack.formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: names.stateParameterName.replace(/^\//, ''),
        }),
      ],
    }),
    // The first group of an account creates Auto Scaling's service-linked role.
    new iam.PolicyStatement({
      sid: 'CreateAutoScalingServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        stack.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        }),
      ],
      conditions: { StringLike: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } },
    }),
    // Auto Scaling checks that the caller may launch from the template when it creates a group.
    ...launchFromTemplateStatements(stack, props.launchTemplate, 'Fleet'),
    new iam.PolicyStatement({
      sid: 'ManageFleetAlarms',
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
      resources: [fleetAlarms],
    }),
    new iam.PolicyStatement({
      sid: 'ManageDeploymentGroup',
      actions: [
        'codedeploy:CreateDeploymentGroup',
        'codedeploy:UpdateDeploymentGroup',
        'codedeploy:DeleteDeploymentGroup',
        'codedeploy:GetDeploymentGroup',
        'codedeploy:ListDeployments',
        'codedeploy:GetDeployment',
        'codedeploy:StopDeployment',
      ],
      resources: [deploymentGroup.deploymentGroupArn],
    }),
    new iam.PolicyStatement({
      sid: 'PassServiceRoleToCodeDeploy',
      actions: ['iam:PassRole'],
      resources: [props.serviceRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'codedeploy.amazonaws.com' } },
    }),
  ];
  if (props.instanceRole) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'PassInstanceRoleToEc2',
        actions: ['iam:PassRole'],
        resources: [props.instanceRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      }),
    );
  }
  statements.forEach((statement) => role.addToPrincipalPolicy(statement));

  const wildcards: Array<[string, string]> = [
    [
      '*',
      'autoscaling:DescribeAutoScalingGroups/DescribePolicies, cloudwatch:DescribeAlarms and the ec2:Describe* calls ' +
        'support no resource-level permissions; ec2:RunInstances is limited to the fleet launch template by the ' +
        'ec2:LaunchTemplate condition and ec2:CreateTags to RunInstances by ec2:CreateAction.',
    ],
    [firstGroup, 'An Auto Scaling group ARN carries a generated id before the name; the name is exact.'],
    [
      copies,
      'CodeDeploy names each replacement group CodeDeploy_<deployment group>_<deployment id>; the id is not known in ' +
        "advance, the prefix is this fleet's own.",
    ],
    [
      fleetAlarms,
      'The CPU alarms of this app only: every alarm name the fleet writes starts with this prefix.',
    ],
    [
      anyGroup,
      `Only groups tagged ${names.tagKeys.fleet}=${names.fleetId} (autoscaling:ResourceTag condition): the fleet's own groups that its name patterns miss.`,
    ],
  ];
  for (const [resource, reason] of wildcards) {
    acknowledgeWildcard(role, 'Resource', resource, reason);
  }
}
