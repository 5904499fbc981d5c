import { CfnResource, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogEncryption } from '../common/log-encryption';
import { acknowledgeNist } from '../common/nist';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /**
   * An existing VPC to use instead of creating one. It must have public subnets (for the load
   * balancers) and private subnets with egress (for the instances).
   * @default - a new VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * IP range of a new VPC.
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;

  /**
   * Number of Availability Zones of a new VPC (2 to 6).
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The Availability Zones of a new VPC, e.g. `['eu-west-3a', 'eu-west-3b']` (2 to 6; not with
   * maxAzs). Either way, a stack with a concrete account and region reads its zones from the
   * context key `availability-zones:account=<account>:region=<region>`, which `cdk synth` fills
   * with credentials (in cdk.context.json); put that key in cdk.json to synth without credentials.
   * @default - the first maxAzs zones of the stack's region
   */
  readonly availabilityZones?: string[];

  /**
   * NAT gateways of a new VPC (1 to maxAzs): one is cheapest, one per AZ survives an AZ outage.
   * @default 1
   */
  readonly natGateways?: number;

  /**
   * Names the flow log group of a new VPC (`/<project>/<environment>/vpc/flow-logs`).
   * @default - a name built from the construct's path (`/vpc/<unique name>/flow-logs`)
   */
  readonly naming?: Naming;

  /**
   * Retention of the VPC flow logs of a new VPC.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The network of one environment: a VPC over two or more Availability Zones with public subnets
 * for the load balancers, private subnets with egress for the instances, NAT gateways and flow logs.
 *
 * @example
 * const naming = new Naming({ projectName: 'acme', environment: 'prod' });
 * // Three zones, a NAT gateway in each: the instances keep their egress when a zone fails.
 * const network = new Network(stack, 'Network', { naming, maxAzs: 3, natGateways: 3 });
 * network.vpc.privateSubnets; // where the services' instances run
 */
export class Network extends Construct {
  /** The VPC, created or given. */
  public readonly vpc: ec2.IVpc;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    if (props.vpc) {
      const given = [
        props.cidr && 'cidr',
        props.maxAzs && 'maxAzs',
        props.availabilityZones && 'availabilityZones',
        props.natGateways && 'natGateways',
      ].filter(Boolean);
      if (given.length > 0) {
        throw new Error(`Network: ${given.join(', ')} only apply to a new VPC; remove them or remove vpc`);
      }
      validateExistingVpc(props.vpc);
      this.vpc = props.vpc;
      return;
    }
    const zones = props.availabilityZones;
    if (zones && props.maxAzs !== undefined) {
      throw new Error('Network: set availabilityZones or maxAzs, not both (the zones give their number)');
    }
    if (zones && (zones.length < 2 || zones.length > 6)) {
      throw new Error(
        `Network: availabilityZones lists ${zones.length} zones; allowed: 2 to 6 (load balancers need two zones)`,
      );
    }
    const maxAzs = zones?.length ?? props.maxAzs ?? 2;
    const natGateways = props.natGateways ?? 1;
    if (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 6) {
      throw new Error(
        `Network: maxAzs is ${maxAzs}; allowed: an integer from 2 to 6 (load balancers need two zones)`,
      );
    }
    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
      throw new Error(
        `Network: natGateways is ${natGateways}; allowed: an integer from 1 to maxAzs (${maxAzs})`,
      );
    }
    const flowLogGroup = LogEncryption.of(this).logGroup(this, 'FlowLogs', {
      logGroupName:
        (props.naming && ResourceNames.of(props.naming).flowLogGroupName()) ??
        `/vpc/${Names.uniqueResourceName(this, { maxLength: 200 })}/flow-logs`,
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.0.0.0/16'),
      ...(zones ? { availabilityZones: zones } : { maxAzs }),
      natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    acknowledgeNist(this, 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-IAMNoInlinePolicy');
    // The stack-wide handler behind restrictDefaultSecurityGroup depends on its role, which its
    // Role GetAtt already enforces (cfn-lint W3005).
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    (provider?.node.tryFindChild('Handler') as CfnResource | undefined)?.addDeletionOverride('DependsOn');
  }
}

function validateExistingVpc(vpc: ec2.IVpc): void {
  const missing = [
    vpc.publicSubnets.length === 0 && 'public subnets (for the load balancers)',
    vpc.privateSubnets.length === 0 && 'private subnets with egress (for the instances)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`Network: the given vpc has no ${missing.join(' and no ')}`);
  }
}
