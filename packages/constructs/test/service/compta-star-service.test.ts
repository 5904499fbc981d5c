import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  API,
  actionsOf,
  CERTIFICATE_ARN,
  networkStack,
  policyStatements,
  serviceStack,
  WEB,
} from './fixture';
import { ComptaStarService } from '../../src/service';
import { expectDeniesPlainHttp } from '../support/bucket-assertions';

// GIVEN one stack per variant, synthesized once: ComptaStar's api and web, and an api with HTTPS.
const api = serviceStack(API);
const web = serviceStack(WEB);
const https = serviceStack(API, {
  certificateArn: CERTIFICATE_ARN,
  deletionProtection: true,
  alarmEmail: 'ops@comptastar.example',
});

function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: any } }): string {
  return stack.resolve((construct.node.defaultChild as any).logicalId);
}

function onlyResource(template: Template, type: string, props: object = {}): [string, any] {
  const found = Object.entries(template.findResources(type, props));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('load balancer', () => {
  test('one internet-facing ALB per app, in the public subnets, named by Naming', () => {
    const { stack, template, service } = api;
    const vpc = service.node.scope!.node.findChild('Vpc') as any;
    const [, lb] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Properties.Scheme).toBe('internet-facing');
    expect(lb.Properties.Name).toBe('comptastar-dev-api-lb');
    expect(lb.Properties.Subnets).toEqual(vpc.publicSubnets.map((s: any) => stack.resolve(s.subnetId)));
    expect(lb.Properties.SecurityGroups).toEqual([
      stack.resolve(service.loadBalancerSecurityGroup.securityGroupId),
    ]);
  });

  test('target group named `${project}-${env}-${app}-tg` on the app port: api 3001, web 3000', () => {
    for (const [{ template }, name, port] of [
      [api, 'comptastar-dev-api-tg', 3001],
      [web, 'comptastar-dev-web-tg', 3000],
    ] as const) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Name: name,
        Port: port,
        Protocol: 'HTTP',
        TargetType: 'instance',
      });
    }
  });

  test('health check on the app endpoint with fast defaults: 5 s interval, 4 s timeout, 2/3 thresholds, 200', () => {
    for (const [{ template }, path] of [
      [api, '/api/v1/health'],
      [web, '/api/health'],
    ] as const) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckEnabled: true,
        HealthCheckProtocol: 'HTTP',
        HealthCheckPath: path,
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 3,
        Matcher: { HttpCode: '200' },
      });
    }
  });

  test('health check and deregistration delay follow the configuration', () => {
    const { template } = serviceStack({
      ...API,
      healthCheck: {
        path: '/api/v1/health',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(4),
        healthyThreshold: 3,
        unhealthyThreshold: 4,
        matcher: '200-299',
      },
      deregistrationDelay: Duration.seconds(45),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '45' }]),
    });
  });

  test('deregistration delay is 5 s by default (a traffic move waits for it in full)', () => {
    api.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
    });
  });

  test('without a certificate: listener 80 forwards the app path pattern and answers others with a fixed 404', () => {
    for (const [{ stack, template, service }, pattern] of [
      [api, '/api/*'],
      [web, '/*'],
    ] as const) {
      const [listenerId, listener] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::Listener');
      expect(listener.Properties).toMatchObject({
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } },
        ],
      });
      const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
      expect(rule.Properties).toEqual({
        ListenerArn: { Ref: listenerId },
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [pattern] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: stack.resolve(service.targetGroup.targetGroupArn) }],
      });
    }
  });

  test('with a certificate: 443 (TLS 1.2+ policy) does the routing and 80 redirects to HTTPS', () => {
    const { stack, template, service } = https;
    const [httpsId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::Listener', {
      Properties: {
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      },
    });
    onlyResource(template, 'AWS::ElasticLoadBalancingV2::Listener', {
      Properties: {
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      },
    });
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual({ Ref: httpsId });
    expect(rule.Properties.Actions).toEqual([
      { Type: 'forward', TargetGroupArn: stack.resolve(service.targetGroup.targetGroupArn) },
    ]);
    expect(stack.resolve(service.listener.listenerArn)).toEqual({ Ref: httpsId });
  });

  test('drops invalid header fields; deletion protection off by default, on when asked (production)', () => {
    const attributes = (template: Template) =>
      Object.fromEntries(
        onlyResource(
          template,
          'AWS::ElasticLoadBalancingV2::LoadBalancer',
        )[1].Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]),
      );
    expect(attributes(api.template)).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'deletion_protection.enabled': 'false',
    });
    expect(attributes(https.template)).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'deletion_protection.enabled': 'true',
    });
  });

  test('access logs go to an encrypted, SSL-only, private bucket whose logs expire', () => {
    const { stack, template, service } = api;
    const bucketId = logicalIdOf(stack, service.accessLogsBucket as s3.Bucket);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: bucketId } },
        { Key: 'access_logs.s3.prefix', Value: 'api' },
      ]),
    });
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'expire-access-logs',
        Status: 'Enabled',
        ExpirationInDays: 90,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expectDeniesPlainHttp(template, bucketId);
  });

  test('access logs can go to a given bucket, or be turned off', () => {
    const { stack, vpc, naming } = networkStack();
    const shared = s3.Bucket.fromBucketName(stack, 'Shared', 'comptastar-dev-access-logs');
    new ComptaStarService(stack, 'Api', {
      naming,
      vpc,
      service: API,
      accessLogsBucket: shared,
    });
    new ComptaStarService(stack, 'Web', { naming, vpc, service: WEB, accessLogs: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    const byName = Object.fromEntries(
      Object.values<any>(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')).map((lb) => [
        lb.Properties.Name,
        Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value])),
      ]),
    );
    expect(byName['comptastar-dev-api-lb']['access_logs.s3.bucket']).toBe('comptastar-dev-access-logs');
    expect(byName['comptastar-dev-web-lb']['access_logs.s3.enabled']).toBeUndefined();
  });
});

describe('security groups', () => {
  test('load balancer: 80 from the internet (443 too with a certificate), egress only to the app port', () => {
    for (const [{ stack, template, service }, ports] of [
      [api, [80]],
      [https, [80, 443]],
    ] as const) {
      const sgId = logicalIdOf(stack, service.loadBalancerSecurityGroup);
      const sg = template.toJSON().Resources[sgId];
      expect(sg.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual(
        ports.map((p) => ['0.0.0.0/0', p, p]),
      );
      // allowAllOutbound is off: the only egress is the rule to the instances' security group.
      expect(sg.Properties.SecurityGroupEgress ?? []).toEqual([]);
      const egress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress'));
      expect(egress.map((e) => e.Properties)).toEqual([
        expect.objectContaining({
          GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
          DestinationSecurityGroupId: stack.resolve(service.instanceSecurityGroup.securityGroupId),
          IpProtocol: 'tcp',
          FromPort: 3001,
          ToPort: 3001,
        }),
      ]);
    }
  });

  test('instances: only the app port from the load balancer SG, and SSH from the VPC CIDR', () => {
    const { stack, template, service } = web;
    const sgId = logicalIdOf(stack, service.instanceSecurityGroup);
    const sg = template.toJSON().Resources[sgId];
    const vpcId = logicalIdOf(stack, service.node.scope!.node.findChild('Vpc') as any);
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: { 'Fn::GetAtt': [vpcId, 'CidrBlock'] }, FromPort: 22, ToPort: 22 }),
    ]);
    const ingress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((i) => i.Properties)).toEqual([
      expect.objectContaining({
        GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
        SourceSecurityGroupId: stack.resolve(service.loadBalancerSecurityGroup.securityGroupId),
        FromPort: 3000,
        ToPort: 3000,
      }),
    ]);
  });

  test('SSH from the VPC can be turned off', () => {
    const { stack, template, service } = serviceStack(API, { allowSshFromVpc: false });
    const sg = template.toJSON().Resources[logicalIdOf(stack, service.instanceSecurityGroup)];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"FromPort":22\b/);
  });
});

describe('instances', () => {
  test('launch template: latest Amazon Linux 2023 from the public SSM parameter, the app instance type', () => {
    for (const [{ template }, type] of [
      [api, 't3.small'],
      [web, 't3.micro'],
    ] as const) {
      const [, lt] = onlyResource(template, 'AWS::EC2::LaunchTemplate');
      expect(lt.Properties.LaunchTemplateData.InstanceType).toBe(type);
      const parameter = template.toJSON().Parameters[lt.Properties.LaunchTemplateData.ImageId.Ref];
      expect(parameter).toEqual({
        Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
        Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64',
      });
    }
  });

  test('a Graviton instance type gets the arm64 image', () => {
    const { template } = serviceStack({ ...API, instanceType: 't4g.small' });
    const [, lt] = onlyResource(template, 'AWS::EC2::LaunchTemplate');
    expect(template.toJSON().Parameters[lt.Properties.LaunchTemplateData.ImageId.Ref].Default).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
    );
  });

  test('IMDSv2 required, encrypted gp3 root volume, detailed monitoring, instance profile of the instance role', () => {
    const { stack, template, service } = api;
    const [, lt] = onlyResource(template, 'AWS::EC2::LaunchTemplate');
    const data = lt.Properties.LaunchTemplateData;
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required' });
    expect(data.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 20, VolumeType: 'gp3' },
      },
    ]);
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.SecurityGroupIds).toEqual([stack.resolve(service.instanceSecurityGroup.securityGroupId)]);
    const profileId = data.IamInstanceProfile.Arn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[profileId].Properties.Roles).toEqual([
      stack.resolve(service.instanceRole.roleName),
    ]);
  });
});

describe('instance role (least privilege)', () => {
  const instanceStatements = (service: ComptaStarService, template: Template, stack: Stack) =>
    policyStatements(template).filter((s) =>
      template
        .toJSON()
        .Resources[s.logicalId].Properties.Roles?.some(
          (r: any) => JSON.stringify(r) === JSON.stringify(stack.resolve(service.instanceRole.roleName)),
        ),
    );

  test('reads SSM parameters only under /{env}/{app}/ (GetParameter(s), GetParametersByPath)', () => {
    const { stack, template, service } = api;
    const ssm = instanceStatements(service, template, stack).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('ssm:GetParameter')),
    );
    expect(ssm).toHaveLength(1);
    expect(actionsOf(ssm[0]).sort()).toEqual([
      'ssm:GetParameter',
      'ssm:GetParameters',
      'ssm:GetParametersByPath',
    ]);
    const arn = (name: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ssm:eu-west-3:',
          { Ref: 'AWS::AccountId' },
          `:parameter/${name}`,
        ],
      ],
    });
    expect(ssm[0].Resource).toEqual([arn('dev/api'), arn('dev/api/*')]);
    expect(ssm[0].logicalId).toBe(
      logicalIdOf(stack, (api.service.instanceRole as any).node.findChild('DefaultPolicy')),
    );
  });

  test('decrypts only through SSM (kms:ViaService)', () => {
    const { template, stack, service } = api;
    const decrypt = instanceStatements(service, template, stack).filter((s) =>
      actionsOf(s).includes('kms:Decrypt'),
    );
    expect(decrypt).toEqual([
      expect.objectContaining({
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-3.amazonaws.com' } },
      }),
    ]);
  });

  test('writes only its own log groups', () => {
    const { template, stack, service } = api;
    const logStatements = instanceStatements(service, template, stack).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('logs:')),
    );
    expect(logStatements).toHaveLength(1);
    expect(actionsOf(logStatements[0]).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    expect(logStatements[0].Resource).toEqual(service.logGroups.map((g) => stack.resolve(g.logGroupArn)));
  });

  test('reads the objects of the artifact bucket, given as a prop or granted later', () => {
    const { stack, vpc, naming } = networkStack();
    const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'comptastar-dev-artifacts');
    const viaProp = new ComptaStarService(stack, 'Api', {
      naming,
      vpc,
      service: API,
      artifactBucket: artifacts,
    });
    const viaGrant = new ComptaStarService(stack, 'Web', { naming, vpc, service: WEB });
    const without = new ComptaStarService(stack, 'Admin', {
      naming,
      vpc,
      service: {
        appName: 'admin',
        port: 3002,
        healthCheck: { path: '/health' },
        pathPattern: '/admin/*',
      },
    });
    viaGrant.grantArtifactRead(artifacts);
    const template = Template.fromStack(stack);
    const s3Statements = (service: ComptaStarService) =>
      instanceStatements(service, template, stack).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('s3:')),
      );
    const expected = {
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: stack.resolve(artifacts.arnForObjects('*')),
    };
    expect(s3Statements(viaProp)).toEqual([expect.objectContaining(expected)]);
    expect(s3Statements(viaGrant)).toEqual([expect.objectContaining(expected)]);
    expect(s3Statements(without)).toEqual([]);
  });

  test("a KMS-encrypted artifact bucket (the pipeline's) also lets the instances decrypt with its key", () => {
    const { stack, vpc, naming } = networkStack();
    const key = new kms.Key(stack, 'ArtifactKey', { enableKeyRotation: true });
    const artifacts = new s3.Bucket(stack, 'Artifacts', { encryptionKey: key, enforceSSL: true });
    const service = new ComptaStarService(stack, 'Api', { naming, vpc, service: API });
    service.grantArtifactRead(artifacts);
    const template = Template.fromStack(stack);
    const decrypt = instanceStatements(service, template, stack).filter(
      (s) => actionsOf(s).includes('kms:Decrypt') && !s.Condition,
    );
    expect(decrypt).toEqual([expect.objectContaining({ Resource: stack.resolve(key.keyArn) })]);
  });

  test('Session Manager without AmazonSSMManagedInstanceCore (which reads every parameter)', () => {
    const { template, stack, service } = api;
    const role = template.toJSON().Resources[logicalIdOf(stack, service.instanceRole as any)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const session = instanceStatements(service, template, stack).filter((s) => s.Sid === 'SessionManager');
    expect(actionsOf(session[0]).sort()).toEqual([
      'ssm:UpdateInstanceInformation',
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
  });

  test('no policy anywhere in the template grants Action "*"', () => {
    for (const { template } of [api, web, https]) {
      const statements = policyStatements(template);
      expect(statements.length).toBeGreaterThan(10);
      const star = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a === '*'));
      expect(star).toEqual([]);
      // and no service-wide wildcard in this construct's own roles (the KMS key policy keeps CDK's kms:* for the account root)
      const serviceWide = statements.filter(
        (s) => s.Effect === 'Allow' && !s.Principal && actionsOf(s).some((a) => a.endsWith(':*')),
      );
      expect(serviceWide).toEqual([]);
    }
  });
});

describe('CodeDeploy and the fleet', () => {
  test('a CodeDeploy server application named by Naming', () => {
    api.template.hasResourceProperties('AWS::CodeDeploy::Application', {
      ApplicationName: 'comptastar-dev-api',
      ComputePlatform: 'Server',
    });
  });

  test('service role: AWSCodeDeployRole plus RunInstances, CreateTags and PassRole of the instance role only', () => {
    const { stack, template, service } = api;
    const roleId = logicalIdOf(stack, service.codeDeployServiceRole as any);
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'codedeploy.amazonaws.com',
    });
    expect(role.Properties.ManagedPolicyArns).toEqual([
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSCodeDeployRole'],
        ],
      },
    ]);
    const statements = policyStatements(template).filter((s) =>
      JSON.stringify(template.toJSON().Resources[s.logicalId].Properties.Roles ?? []).includes(roleId),
    );
    expect(
      statements
        .map((s) => actionsOf(s))
        .flat()
        .sort(),
    ).toEqual(['ec2:CreateTags', 'ec2:RunInstances', 'iam:PassRole']);
    const passRole = statements.find((s) => actionsOf(s).includes('iam:PassRole'))!;
    expect(passRole.Resource).toEqual(stack.resolve(service.instanceRole.roleArn));
    const runInstances = statements.find((s) => actionsOf(s).includes('ec2:RunInstances'))!;
    expect(JSON.stringify(runInstances.Condition.ArnLike['ec2:LaunchTemplate'])).toContain(
      logicalIdOf(stack, service.launchTemplate as any),
    );
  });

  test('the fleet gets this launch template, target group, private subnets, capacity, scaling and rollback alarms', () => {
    const { stack, template, service } = api;
    const vpc = service.node.scope!.node.findChild('Vpc') as any;
    const [, fleet] = onlyResource(template, 'Custom::ComptaStarFleet');
    const desired = fleet.Properties.Fleet;
    expect(desired.launchTemplateId).toEqual(stack.resolve(service.launchTemplate.launchTemplateId));
    expect(desired.targetGroupArn).toEqual(stack.resolve(service.targetGroup.targetGroupArn));
    expect(desired.subnetIds).toEqual(vpc.privateSubnets.map((s: any) => stack.resolve(s.subnetId)));
    expect([desired.minSize, desired.maxSize, desired.desiredCapacity]).toEqual([1, 4, 1]);
    expect(
      desired.policies.map((p: any) => [
        p.policyName,
        p.threshold,
        p.periodSeconds,
        p.evaluationPeriods,
        p.cooldownSeconds,
      ]),
    ).toEqual([
      ['scale-up-70percent', 70, 60, 2, 300],
      ['scale-down-30percent', 30, 300, 2, 300],
    ]);
    expect(desired.deploymentGroup).toMatchObject({
      applicationName: stack.resolve(service.application.applicationName),
      deploymentGroupName: 'comptastar-dev-api-bg',
      serviceRoleArn: stack.resolve(service.codeDeployServiceRole.roleArn),
      rollbackAlarmNames: service.rollbackAlarms.map((alarm) => stack.resolve(alarm.alarmName)),
    });
    expect(desired.deploymentGroup.rollbackAlarmNames).toHaveLength(2);
  });

  test('the stack owns no Auto Scaling group, scaling policy or CPU alarm (the fleet does, through the API)', () => {
    for (const { template } of [api, web, https]) {
      template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
      template.resourceCountIs('AWS::AutoScaling::ScalingPolicy', 0);
      template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
      const metrics = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map(
        (a) => a.Properties.MetricName,
      );
      // the rollback alarms, the fleet's own (handler errors, dead-letter queue) and the web ACL's: no CPU alarm
      expect(metrics.sort()).toEqual([
        'ApproximateNumberOfMessagesVisible',
        'BlockedRequests',
        'Errors',
        'HTTPCode_Target_5XX_Count',
        'UnHealthyHostCount',
      ]);
    }
  });

  test('the fleet waits for the listener rule that puts its target group behind the load balancer', () => {
    for (const { stack, template, service } of [api, https]) {
      const [, fleet] = Object.entries<any>(template.findResources('Custom::ComptaStarFleet'))[0];
      const rule = service.listener.node.findChild('ForwardRule').node.defaultChild as CfnResource;
      expect(fleet.DependsOn).toContain(stack.getLogicalId(rule));
    }
  });

  test('every alarm of the service (rollback, fleet, WAF) reaches the topic once, through the readable alarm rule', () => {
    const { stack, template, service } = api;
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'));
    const names = alarms.map((a) => a.Properties.AlarmName).sort();
    expect(names).toEqual([
      'comptastar-dev-api-fleet-errors',
      'comptastar-dev-api-fleet-failed-runs',
      'comptastar-dev-api-target-5xx',
      'comptastar-dev-api-unhealthy-hosts',
      'comptastar-dev-api-waf-blocked',
    ]);
    // no SNS action of their own: CloudWatch's raw message would arrive a second time
    expect(alarms.filter((a) => a.Properties.AlarmActions !== undefined)).toEqual([]);
    const [rule] = Object.values<any>(
      template.findResources('AWS::Events::Rule', { Properties: { Name: 'comptastar-dev-api-alarm' } }),
    );
    expect([...rule.Properties.EventPattern.detail.alarmName].sort()).toEqual(names);
    expect(rule.Properties.Targets[0].Arn).toEqual(stack.resolve(service.notificationTopic.topicArn));
  });

  test('the deployment group is exposed for the pipeline and as an output, with the DNS name', () => {
    const { stack, template, service } = api;
    const [fleetId] = onlyResource(template, 'Custom::ComptaStarFleet');
    expect(stack.resolve(service.deploymentGroup.deploymentGroupName)).toEqual({
      'Fn::GetAtt': [fleetId, 'DeploymentGroupName'],
    });
    const outputs = Object.values<any>(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Value: { 'Fn::GetAtt': [fleetId, 'DeploymentGroupName'] } }),
        expect.objectContaining({ Value: stack.resolve(service.loadBalancerDnsName) }),
      ]),
    );
    expect(stack.resolve(service.loadBalancerDnsName)).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, service.loadBalancer), 'DNSName'],
    });
  });
});

describe('monitoring', () => {
  test('application and deployment log groups named by Naming, one month by default', () => {
    for (const name of ['/comptastar/dev/api/application', '/comptastar/dev/api/deployment']) {
      api.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: name, RetentionInDays: 30 });
    }
    const { template } = serviceStack(API, { logRetention: logs.RetentionDays.THREE_MONTHS });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/comptastar/dev/api/application',
      RetentionInDays: 90,
    });
  });

  test('rollback alarms on target 5xx and unhealthy hosts (notified by the alarm rule)', () => {
    const { stack, template, service } = api;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'comptastar-dev-api-target-5xx',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 5,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: [Match.objectLike({ Name: 'LoadBalancer' }), Match.objectLike({ Name: 'TargetGroup' })],
      // Notified through the readable alarm rule (src/notifications), not by a CloudWatch action.
      AlarmActions: Match.absent(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'comptastar-dev-api-unhealthy-hosts',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // Notified through the readable alarm rule (src/notifications), not by a CloudWatch action.
      AlarmActions: Match.absent(),
    });
    const rollbackAlarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/ApplicationELB' },
    });
    expect(Object.keys(rollbackAlarms)).toHaveLength(2);
    for (const alarm of Object.values<any>(rollbackAlarms)) {
      const dimensions = JSON.stringify(alarm.Properties.Dimensions);
      expect(dimensions).toContain(logicalIdOf(stack, service.listener)); // CDK derives the ALB dimension from the listener ARN
      expect(dimensions).toContain(logicalIdOf(stack, service.targetGroup));
    }
  });

  test('failed and stopped deployments of this app go to the alarm topic (EventBridge on CodeDeploy FAILURE, STOP)', () => {
    const { stack, template, service } = api;
    for (const [name, state] of [
      ['comptastar-dev-api-deploy-failed', 'FAILURE'],
      ['comptastar-dev-api-deploy-stopped', 'STOP'],
    ]) {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: name,
        EventPattern: {
          source: ['aws.codedeploy'],
          'detail-type': ['CodeDeploy Deployment State-change Notification'],
          detail: {
            state: [state],
            application: ['comptastar-dev-api'],
            deploymentGroup: ['comptastar-dev-api-bg'],
          },
        },
        Targets: [Match.objectLike({ Arn: stack.resolve(service.notificationTopic.topicArn) })],
      });
    }
  });

  test('the rollback alarms entering ALARM go to the alarm topic (EventBridge on the alarm state change)', () => {
    const { stack, template, service } = api;
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'comptastar-dev-api-alarm',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: Match.objectLike({ state: { value: ['ALARM'] } }),
      },
      Targets: [Match.objectLike({ Arn: stack.resolve(service.notificationTopic.topicArn) })],
    });
  });

  test('the default topic is KMS-encrypted (rotating key usable by EventBridge and CloudWatch) and SSL-only', () => {
    const { stack, template, service } = api;
    const [keyId, key] = onlyResource(template, 'AWS::KMS::Key', {
      Properties: { Description: 'comptastar-dev-api-alarms topic encryption' },
    });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    );
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'comptastar-dev-api-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [stack.resolve(service.notificationTopic.topicArn)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('an e-mail subscription when asked, and a given topic is used as is', () => {
    https.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@comptastar.example',
      TopicArn: https.stack.resolve(https.service.notificationTopic.topicArn),
    });
    const { stack, vpc, naming } = networkStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:eu-west-3:111111111111:ops');
    const service = new ComptaStarService(stack, 'Api', {
      naming,
      vpc,
      service: API,
      notificationTopic: topic,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    // only the stack's log key: no topic key
    expect(
      Object.values<any>(template.findResources('AWS::KMS::Key')).map((k) => k.Properties.Description),
    ).toEqual(['CloudWatch Logs encryption of the log groups of stack Stack']);
    expect(service.notificationTopic).toBe(topic);
    expect(service.alarmTopic).toBe(topic); // the former name, kept for existing code
    // the readable alarm rule publishes to the given topic
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'comptastar-dev-api-alarm',
      Targets: [Match.objectLike({ Arn: topic.topicArn })],
    });
  });
});

describe('public attributes', () => {
  test('expose the SSM path, deployment timings, security groups, role and log groups', () => {
    const { stack, service } = web;
    expect(service.ssmPath).toBe('/dev/web/');
    // the default health check: (2 successes + 1) x 5 s; the default deregistration delay
    expect(service.timeToHealthy.toSeconds()).toBe(15);
    expect(service.deregistrationDelay.toSeconds()).toBe(5);
    expect(service.securityGroups).toEqual([
      service.loadBalancerSecurityGroup,
      service.instanceSecurityGroup,
    ]);
    expect(service.logGroups.map((g) => stack.resolve(g.logGroupName))).toEqual([
      { Ref: logicalIdOf(stack, service.applicationLogGroup as any) },
      { Ref: logicalIdOf(stack, service.deploymentLogGroup as any) },
    ]);
    expect(stack.resolve(service.instanceRole.roleArn)).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, service.instanceRole as any), 'Arn'],
    });
  });
});

describe('deployment timings', () => {
  test('timeToHealthy and deregistrationDelay follow the target group the template holds', () => {
    // GIVEN a slower health check and a longer drain than the defaults
    const { service, template } = serviceStack({
      ...API,
      healthCheck: {
        path: '/api/v1/health',
        healthyThreshold: 3,
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
      },
      deregistrationDelay: Duration.seconds(45),
    });
    // THEN (3 successes + 1) x 10 s, and the target group's own delay
    expect(service.timeToHealthy.toSeconds()).toBe(40);
    expect(service.deregistrationDelay.toSeconds()).toBe(45);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthyThresholdCount: 3,
      HealthCheckIntervalSeconds: 10,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '45' }]),
    });
  });
});
