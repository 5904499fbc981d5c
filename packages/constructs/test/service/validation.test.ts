import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { API, CERTIFICATE_ARN, WEB, networkStack } from './fixture';
import { Naming, ServiceConfig } from '../../src/config';
import { ComptaStarService, ComptaStarServiceProps } from '../../src/service';

function build(props: Partial<ComptaStarServiceProps> = {}, service: ServiceConfig = API): () => void {
  return () => {
    const { stack, vpc, naming } = networkStack();
    new ComptaStarService(stack, 'Service', { naming, vpc, service, ...props });
  };
}

function problems(message: string, ...lines: string[]): string {
  return `${message}:\n  - ${lines.join('\n  - ')}`;
}

const serviceError = (...lines: string[]) =>
  problems('Invalid ComptaStarService "api" in environment "dev"', ...lines);
const configError = (app: string, ...lines: string[]) =>
  problems(`Invalid configuration of app "${app}" in environment "dev"`, ...lines);

describe('bad props fail at construct time with the prop and what is allowed', () => {
  test('a VPC without private subnets', () => {
    const { stack, naming } = networkStack();
    const vpc = new ec2.Vpc(stack, 'PublicOnly', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(() => new ComptaStarService(stack, 'Service', { naming, vpc, service: API })).toThrow(
      serviceError(
        'vpc has no private subnets with egress (PRIVATE_WITH_EGRESS); the instances run in them and need outbound access for packages, SSM and CodeDeploy',
      ),
    );
  });

  test('a VPC without public subnets', () => {
    const { stack, naming } = networkStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-12345678',
      availabilityZones: ['eu-west-3a', 'eu-west-3b'],
      privateSubnetIds: ['subnet-11111111', 'subnet-22222222'],
    });
    expect(() => new ComptaStarService(stack, 'Service', { naming, vpc, service: API })).toThrow(
      serviceError('vpc has no public subnets; the internet-facing load balancer runs in them'),
    );
  });

  test.each([
    'not-an-arn',
    'arn:aws:iam::111111111111:server-certificate/example',
    'arn:aws:acm:eu-west-3:1111:certificate/abc',
    `${CERTIFICATE_ARN} `,
  ])('a certificate ARN that is not an ACM ARN: %j', (certificateArn) => {
    expect(build({ certificateArn })).toThrow(
      serviceError(
        `certificateArn "${certificateArn}" is not an ACM certificate ARN (expected arn:aws:acm:<region>:<account>:certificate/<id>)`,
      ),
    );
  });

  test('an ACM ARN of another partition is accepted', () => {
    expect(
      build({ certificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/abc-123' }),
    ).not.toThrow();
  });

  test('an alarm e-mail that is not an address, and access logs both off and given a bucket: all problems at once', () => {
    const { stack, vpc, naming } = networkStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'logs');
    expect(
      () =>
        new ComptaStarService(stack, 'Service', {
          naming,
          vpc,
          service: API,
          certificateArn: 'nope',
          alarmEmail: 'ops at example',
          accessLogs: false,
          accessLogsBucket: bucket,
        }),
    ).toThrow(
      serviceError(
        'certificateArn "nope" is not an ACM certificate ARN (expected arn:aws:acm:<region>:<account>:certificate/<id>)',
        'alarmEmail "ops at example" is not an e-mail address',
        'accessLogsBucket is set but accessLogs is false; remove one of them',
      ),
    );
  });

  test('configuration errors from ServiceConfigs: ranges, health check timing, capacity', () => {
    expect(
      build(
        {},
        {
          ...API,
          port: 70000,
          healthCheck: {
            path: '/api/v1/health',
            interval: Duration.seconds(5),
            timeout: Duration.seconds(5),
          },
          scaling: { minCapacity: 3, maxCapacity: 2 },
        },
      ),
    ).toThrow(
      configError(
        'api',
        'port is 70000; allowed: an integer from 1 to 65535',
        'healthCheck.timeout (5 s) must be below healthCheck.interval (5 s)',
        'scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)',
        'scaling.desiredCapacity (3) must be between scaling.minCapacity (3) and scaling.maxCapacity (2)',
      ),
    );
  });

  test('a target group name over 32 characters', () => {
    const { stack, vpc } = networkStack();
    const naming = new Naming({ projectName: 'comptastar', environment: 'preproduction-eu' });
    expect(() => new ComptaStarService(stack, 'Service', { naming, vpc, service: WEB })).toThrow(
      problems(
        'Invalid configuration of app "web" in environment "preproduction-eu"',
        'targetGroupName "comptastar-preproduction-eu-web-tg" is 34 characters; the maximum is 32. Shorten projectName, environment or appName.',
        'loadBalancerName "comptastar-preproduction-eu-web-lb" is 34 characters; the maximum is 32. Shorten projectName, environment or appName.',
      ),
    );
  });

  test('an app must say its port and health path: no default depends on its name', () => {
    expect(build({}, { appName: 'api' } as unknown as ServiceConfig)).toThrow(
      configError(
        'api',
        'port and healthCheck.path must be set: the port the app listens on and its health path',
      ),
    );
  });

  test('a duration that is not whole seconds', () => {
    expect(build({}, { ...API, deregistrationDelay: Duration.millis(1500) })).toThrow(
      configError('api', 'deregistrationDelay is 1.5 seconds; AWS takes whole seconds'),
    );
  });
});
