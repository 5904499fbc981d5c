import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NIST80053R5Checks } from 'cdk-nag';
import { Naming } from '../../src/config';
import { Network } from '../../src/network';

const stackWith = (props: ConstructorParameters<typeof Network>[2]) => {
  const stack = new Stack(new App(), 'Net', { env: { account: '111111111111', region: 'eu-west-3' } });
  const network = new Network(stack, 'Network', props);
  return { stack, network, template: Template.fromStack(stack) };
};

describe('Network', () => {
  test('a new VPC spans two AZs with public and private subnets, one NAT gateway and flow logs', () => {
    const { template, network } = stackWith({});
    expect(network.vpc.publicSubnets).toHaveLength(2);
    expect(network.vpc.privateSubnets).toHaveLength(2);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test("the flow logs go to a log group named by Naming, encrypted with the stack's log key; NIST finds nothing unacknowledged", () => {
    const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });
    const { stack, template } = stackWith({ naming });
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/comptastar/dev/vpc/flow-logs',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    const app = stack.node.scope as App;
    expect(new NIST80053R5Checks(app).validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
    // without naming, a name from the construct path
    const unnamed = stackWith({}).template.findResources('AWS::Logs::LogGroup');
    expect(Object.values<any>(unnamed)[0].Properties.LogGroupName).toMatch(
      /^\/vpc\/NetNetwork[0-9A-F]{8}\/flow-logs$/,
    );
  });

  test('one NAT gateway per AZ when asked (production)', () => {
    const { template } = stackWith({ maxAzs: 3, natGateways: 3 });
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
  });

  test('the default security group is locked down', () => {
    const { template } = stackWith({});
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', Match.anyValue());
  });

  test.each([
    [{ maxAzs: 1 }, 'Network: maxAzs is 1; allowed: an integer from 2 to 6'],
    [{ natGateways: 0 }, 'Network: natGateways is 0; allowed: an integer from 1 to maxAzs (2)'],
    [{ maxAzs: 2, natGateways: 3 }, 'Network: natGateways is 3; allowed: an integer from 1 to maxAzs (2)'],
  ])('bad props %j fail with the prop and range', (props, message) => {
    expect(() => stackWith(props)).toThrow(message);
  });

  test('an existing VPC is used as is, and must have public and private subnets', () => {
    const stack = new Stack(new App(), 'Given', { env: { account: '111111111111', region: 'eu-west-3' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    expect(new Network(stack, 'Network', { vpc }).vpc).toBe(vpc);
    const publicOnly = new ec2.Vpc(stack, 'PublicOnly', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(() => new Network(stack, 'Network2', { vpc: publicOnly })).toThrow(
      'Network: the given vpc has no private subnets with egress (for the instances)',
    );
    expect(() => new Network(stack, 'Network3', { vpc, natGateways: 2 })).toThrow(
      'Network: natGateways only apply to a new VPC',
    );
  });
});

describe('Network availability zones: synth never needs credentials', () => {
  const contextKey = 'availability-zones:account=111111111111:region=eu-west-3';
  const synthWith = (context: Record<string, unknown>, props: ConstructorParameters<typeof Network>[2]) => {
    const app = new App({ context });
    const stack = new Stack(app, 'Net', { env: { account: '111111111111', region: 'eu-west-3' } });
    const network = new Network(stack, 'Network', props);
    const assembly = app.synth();
    return { network, template: Template.fromStack(stack), missing: assembly.manifest.missing ?? [] };
  };

  test('with the zones in context (cdk.json), a stack with an account looks nothing up', () => {
    const { network, template, missing } = synthWith(
      { [contextKey]: ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'] },
      { availabilityZones: ['eu-west-3b', 'eu-west-3c'] },
    );
    expect(missing).toEqual([]);
    expect(network.vpc.availabilityZones).toEqual(['eu-west-3b', 'eu-west-3c']);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map(
      (s: any) => s.Properties.AvailabilityZone,
    );
    expect([...new Set(zones)].sort()).toEqual(['eu-west-3b', 'eu-west-3c']);
  });

  test('without the context key, the missing lookup is the one `cdk synth` fills with credentials', () => {
    const { missing } = synthWith({}, {});
    expect(missing.map((m) => m.key)).toEqual([contextKey]);
  });

  test('availabilityZones and maxAzs together, or a single zone, are refused with the fix', () => {
    expect(() => stackWith({ availabilityZones: ['eu-west-3a', 'eu-west-3b'], maxAzs: 2 })).toThrow(
      'Network: set availabilityZones or maxAzs, not both (the zones give their number)',
    );
    expect(() => stackWith({ availabilityZones: ['eu-west-3a'] })).toThrow(
      'Network: availabilityZones lists 1 zones; allowed: 2 to 6 (load balancers need two zones)',
    );
  });
});
