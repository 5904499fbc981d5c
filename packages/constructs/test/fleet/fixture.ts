import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Naming, NamingProps, ServiceConfig } from '../../src/config';
import { ServiceConfigs } from '../../src/config/resolved-service-config';
import { ResourceNames } from '../../src/config/resource-names';
import { Fleet, FleetProps } from '../../src/fleet';

/** A stack with the resources a Fleet needs, built the way ComptaStarService builds them. */
export function fleetStack(
  overrides: Partial<FleetProps> = {},
  options: {
    service?: Partial<ServiceConfig>;
    app?: App;
    stackId?: string;
    envAgnostic?: boolean;
    /** @default ComptaStar's naming in dev (projectTitle "ComptaStar", as its app sets it) */
    naming?: NamingProps;
  } = {},
) {
  const app = options.app ?? new App();
  const service: ServiceConfig = {
    appName: 'api',
    port: 3001,
    healthCheck: { path: '/api/v1/health' },
    ...options.service,
  };
  const stack = new Stack(app, options.stackId ?? 'Stack', {
    env: options.envAgnostic ? undefined : { account: '111111111111', region: 'eu-west-3' },
  });
  const naming = new Naming(
    options.naming ?? { projectName: 'comptastar', environment: 'dev', projectTitle: 'ComptaStar' },
  );
  const config = ServiceConfigs.resolve(naming, service);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const instanceRole = new iam.Role(stack, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
  });
  const launchTemplate = new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    instanceType: new ec2.InstanceType(config.instanceType),
    role: instanceRole,
    requireImdsv2: true,
  });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'TargetGroup', {
    vpc,
    port: config.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetGroupName: config.targetGroupName,
    targetType: elbv2.TargetType.INSTANCE,
  });
  const application = new codedeploy.ServerApplication(stack, 'Application', {
    applicationName: ResourceNames.of(naming).codeDeployApplicationName(config.appName),
  });
  const serviceRole = new iam.Role(stack, 'CodeDeployRole', {
    assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
  });
  const fleet = new Fleet(stack, 'Fleet', {
    naming,
    service,
    vpc,
    launchTemplate,
    targetGroup,
    application,
    serviceRole,
    ...overrides,
  });
  return {
    app,
    stack,
    naming,
    service,
    vpc,
    launchTemplate,
    targetGroup,
    application,
    serviceRole,
    instanceRole,
    fleet,
  };
}

export function rollbackAlarm(stack: Stack): cloudwatch.IAlarm {
  return cloudwatch.Alarm.fromAlarmName(stack, 'Rollback5xx', 'comptastar-dev-api-5xx');
}
