import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Root volume of every instance. */
const ROOT_VOLUME_GIB = 20;

export interface LaunchTemplateOptions {
  readonly instanceType: string;
  readonly role: iam.IRole;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly userData: ec2.UserData;
}

/**
 * The instances' launch template: the latest Amazon Linux 2023 for the instance type's
 * architecture, IMDSv2 only, detailed monitoring, an encrypted gp3 root volume.
 */
export function createLaunchTemplate(scope: Construct, o: LaunchTemplateOptions): ec2.LaunchTemplate {
  const instanceType = new ec2.InstanceType(o.instanceType);
  return new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    machineImage: ec2.MachineImage.latestAmazonLinux2023({
      cpuType:
        instanceType.architecture === ec2.InstanceArchitecture.ARM_64
          ? ec2.AmazonLinuxCpuType.ARM_64
          : ec2.AmazonLinuxCpuType.X86_64,
    }),
    instanceType,
    role: o.role,
    securityGroup: o.securityGroup,
    requireImdsv2: true,
    detailedMonitoring: true,
    blockDevices: [
      {
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(ROOT_VOLUME_GIB, {
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          encrypted: true,
          deleteOnTermination: true,
        }),
      },
    ],
    userData: o.userData,
  });
}
