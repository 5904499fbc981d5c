/**
 * What an Auto Scaling group needs on moto before it can exist, as the fleet's stack provides it on
 * AWS: subnets, a launch template and a target group. The fleet's tests, the app's operations tests
 * and the CodeDeploy simulator's own test build their worlds on it.
 */
import {
  _InstanceType,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { MOTO_AMI } from './moto-server';

export interface FleetPrerequisitesOptions {
  /** Name of the launch template. */
  readonly launchTemplateName: string;
  /**
   * One launch template version per instance type, in this order (version 1 is the first): a later
   * version is what a `cdk deploy` with a new instance type (or image) brings.
   * @default ['t3.small']
   */
  readonly instanceTypes?: string[];
  /** Name of the target group (HTTP, instance targets). */
  readonly targetGroupName: string;
  /** Port of the target group. */
  readonly port: number;
}

export interface FleetPrerequisites {
  /** moto's default VPC. */
  readonly vpcId: string;
  /** Two of its subnets (in two Availability Zones). */
  readonly subnetIds: string[];
  readonly launchTemplateId: string;
  readonly targetGroupArn: string;
}

/** Creates the launch template (on moto's image, MOTO_AMI) and the target group in moto's default VPC. */
export async function createFleetPrerequisites(
  clients: { readonly ec2: EC2Client; readonly elbv2: ElasticLoadBalancingV2Client },
  options: FleetPrerequisitesOptions,
): Promise<FleetPrerequisites> {
  const { ec2, elbv2 } = clients;
  const vpcId = (
    await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))
  ).Vpcs![0].VpcId!;
  const [first, ...later] = (options.instanceTypes ?? ['t3.small']).map((type) => ({
    ImageId: MOTO_AMI,
    InstanceType: type as _InstanceType,
  }));
  const [subnets, template, targetGroup] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: options.launchTemplateName,
        LaunchTemplateData: first,
      }),
    ),
    elbv2.send(
      new CreateTargetGroupCommand({
        Name: options.targetGroupName,
        Protocol: 'HTTP',
        Port: options.port,
        VpcId: vpcId,
        TargetType: 'instance',
      }),
    ),
  ]);
  const launchTemplateId = template.LaunchTemplate!.LaunchTemplateId!;
  for (const data of later) {
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: launchTemplateId,
        LaunchTemplateData: data,
      }),
    );
  }
  return {
    vpcId,
    subnetIds: subnets.Subnets!.slice(0, 2).map((s) => s.SubnetId!),
    launchTemplateId,
    targetGroupArn: targetGroup.TargetGroups![0].TargetGroupArn!,
  };
}
