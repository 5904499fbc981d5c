import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeNist } from '../common/nist';

/** The two security groups of a service. */
export interface ServiceSecurityGroups {
  readonly loadBalancer: ec2.SecurityGroup;
  readonly instances: ec2.SecurityGroup;
}

export interface SecurityGroupOptions {
  readonly vpc: ec2.IVpc;
  /** `${project}-${environment}-${app}`, for the descriptions. */
  readonly resourcePrefix: string;
  readonly appName: string;
  readonly port: number;
  readonly https: boolean;
  readonly allowSshFromVpc: boolean;
}

/**
 * The load balancer accepts HTTP(S) from the internet and reaches the instances on the app's port
 * only; the instances accept SSH from the VPC when asked.
 */
export function createSecurityGroups(scope: Construct, o: SecurityGroupOptions): ServiceSecurityGroups {
  const loadBalancer = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc: o.vpc,
    description: `${o.resourcePrefix} load balancer: HTTP(S) from the internet`,
    allowAllOutbound: false,
  });
  const instances = new ec2.SecurityGroup(scope, 'InstanceSecurityGroup', {
    vpc: o.vpc,
    description: `${o.resourcePrefix} instances: app port from the load balancer`,
    allowAllOutbound: true,
  });
  loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet');
  if (o.https) {
    loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
  }
  loadBalancer.connections.allowTo(
    instances,
    ec2.Port.tcp(o.port),
    `Load balancer to ${o.appName} on its port`,
  );
  if (o.allowSshFromVpc) {
    instances.addIngressRule(
      ec2.Peer.ipv4(o.vpc.vpcCidrBlock),
      ec2.Port.tcp(22),
      'SSH from the VPC (management access)',
    );
    // cdk-nag cannot evaluate a CIDR that is a CloudFormation reference and reports an error.
    Validations.of(instances).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The only CIDR ingress is SSH from the VPC CIDR block (a reference cdk-nag cannot resolve), never 0.0.0.0/0 or ::/0.',
    });
    acknowledgeNist(instances, 'NIST.800.53.R5-EC2RestrictedSSH', 'NIST.800.53.R5-EC2RestrictedCommonPorts');
  }
  Validations.of(loadBalancer).acknowledge({
    id: 'AwsSolutions-EC23',
    reason:
      'The load balancer is the public entry point of the app: it must accept HTTP(S) from any IPv4 address.',
  });
  return { loadBalancer, instances };
}
