import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fleetStack, rollbackAlarm } from './fixture';
import { Fleet } from '../../src/fleet';
import { parseDesiredState } from '../../src/fleet/handler/parse-desired-state';

const ASSET_DIR = path.join(__dirname, '../../assets/fleet/fleet-handler.lambda');

beforeAll(() => {
  // The construct ships the bundle `pre-compile` builds; build it from the current source.
  execFileSync('npx', ['projen', 'bundle:fleet/fleet-handler.lambda'], {
    cwd: path.join(__dirname, '../..'),
    stdio: 'ignore',
  });
}, 120_000);

/** Replaces CloudFormation intrinsics with placeholder strings, as CloudFormation would resolve them. */
function resolveIntrinsics(value: unknown, placeholder = 'resolved'): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, placeholder));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return placeholder;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, placeholder)]));
  }
  return value;
}

function fleetProperties(template: Template, resourceType = 'Custom::ComptaStarFleet'): any {
  const resources = template.findResources(resourceType);
  expect(Object.keys(resources)).toHaveLength(1);
  return Object.values(resources)[0].Properties.Fleet;
}

function handlerStatements(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FleetHandlerRole') }] },
  });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

describe('Fleet', () => {
  test('the custom resource carries the whole desired state, in the shape the handler parses', () => {
    const { stack } = fleetStack(
      {},
      { service: { appName: 'api', scaling: { minCapacity: 2, maxCapacity: 6 } } },
    );
    const template = Template.fromStack(stack);

    const fleet = fleetProperties(template);
    expect(fleet).toMatchObject({
      fleetId: 'comptastar-dev-api-fleet',
      autoScalingGroupName: 'comptastar-dev-api-asg',
      copyGroupPrefix: 'CodeDeploy_comptastar-dev-api-bg_',
      alarmNamePrefix: 'comptastar-dev-api-cpu-',
      launchTemplateId: { Ref: expect.stringMatching(/^LaunchTemplate/) },
      launchTemplateVersion: {
        'Fn::GetAtt': [expect.stringMatching(/^LaunchTemplate/), 'LatestVersionNumber'],
      },
      targetGroupName: { 'Fn::GetAtt': [expect.stringMatching(/^TargetGroup/), 'TargetGroupName'] },
      minSize: 2,
      maxSize: 6,
      desiredCapacity: 2,
      healthCheckGracePeriodSeconds: 120,
      policies: [
        {
          policyName: 'scale-up-70percent',
          scalingAdjustment: 1,
          cooldownSeconds: 300,
          alarmName: 'comptastar-dev-api-cpu-up-70percent',
          statistic: 'Average',
          threshold: 70,
          comparisonOperator: 'GreaterThanThreshold',
          periodSeconds: 60,
          evaluationPeriods: 2,
        },
        {
          policyName: 'scale-down-30percent',
          scalingAdjustment: -1,
          cooldownSeconds: 300,
          alarmName: 'comptastar-dev-api-cpu-down-30percent',
          statistic: 'Average',
          threshold: 30,
          comparisonOperator: 'LessThanThreshold',
          periodSeconds: 300,
          evaluationPeriods: 2,
        },
      ],
      deploymentGroup: {
        applicationName: { Ref: expect.stringMatching(/^Application/) },
        deploymentGroupName: 'comptastar-dev-api-bg',
        serviceRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^CodeDeployRole/), 'Arn'] },
        terminationWaitMinutes: 15,
        rollbackAlarmNames: [],
      },
    });
    // private subnets with egress by default
    expect(fleet.subnetIds.map((s: any) => s.Ref)).toEqual([
      expect.stringMatching(/^VpcPrivateSubnet1Subnet/),
      expect.stringMatching(/^VpcPrivateSubnet2Subnet/),
    ]);
    expect(parseDesiredState(resolveIntrinsics(fleet))).toMatchObject({ minSize: 2, maxSize: 6 });
  });

  test('rollback alarms, termination wait, grace period and subnets come from the props', () => {
    const { stack } = fleetStack({
      terminationWait: Duration.minutes(5),
      healthCheckGracePeriod: Duration.minutes(3),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    const fleet = fleetProperties(Template.fromStack(stack));
    expect(fleet.healthCheckGracePeriodSeconds).toBe(180);
    expect(fleet.deploymentGroup.terminationWaitMinutes).toBe(5);
    expect(fleet.subnetIds.map((s: any) => s.Ref)).toEqual([
      expect.stringMatching(/^VpcPublicSubnet1Subnet/),
      expect.stringMatching(/^VpcPublicSubnet2Subnet/),
    ]);
  });

  test('passes rollback alarm names to the deployment group', () => {
    const withAlarms = fleetStack(
      { rollbackAlarms: [rollbackAlarm(new Stack())] },
      { service: { appName: 'web' } },
    );
    expect(fleetProperties(Template.fromStack(withAlarms.stack)).deploymentGroup.rollbackAlarmNames).toEqual([
      'comptastar-dev-api-5xx',
    ]);
  });

  test('CodeDeploy state changes of this deployment group, and a schedule, run the reconcile; no state rides along', () => {
    const { stack } = fleetStack();
    const template = Template.fromStack(stack);
    const rules = template.findResources('AWS::Events::Rule');
    expect(Object.keys(rules).sort()).toEqual([
      expect.stringMatching(/^FleetDeploymentEvents/),
      expect.stringMatching(/^FleetReconcileSchedule/),
    ]);
    const [events, schedule] = Object.keys(rules)
      .sort()
      .map((id) => rules[id] as any);

    expect(events.Properties.EventPattern).toEqual({
      source: ['aws.codedeploy'],
      'detail-type': [
        'CodeDeploy Deployment State-change Notification',
        'CodeDeploy Instance State-change Notification',
      ],
      detail: {
        application: [{ Ref: expect.stringMatching(/^Application/) }],
        deploymentGroup: ['comptastar-dev-api-bg'],
        state: ['SUCCESS', 'FAILURE', 'STOP'],
      },
    });
    expect(schedule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    const queue = { 'Fn::GetAtt': [expect.stringMatching(/^FleetFailedRuns/), 'Arn'] };
    for (const rule of [events, schedule]) {
      expect(rule.DependsOn).toEqual([expect.stringMatching(/^Fleet.*/)]);
      const target = rule.Properties.Targets[0];
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FleetHandler/), 'Arn'] });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 4 });
      expect(target.DeadLetterConfig).toEqual({ Arn: queue });
      // the event itself: the handler reads the desired state from its parameter, never from an event
      expect(target.Input).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FLEET_STATE_PARAMETER: '/fleet/comptastar-dev-api-fleet/desired-state',
        }),
      },
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetFailedRuns'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  test('an alarm on handler errors and one on the dead-letter queue notify the topic', () => {
    const stackWithTopic = new Stack(new App(), 'T', {
      env: { account: '111111111111', region: 'eu-west-3' },
    });
    const topic = sns.Topic.fromTopicArn(
      stackWithTopic,
      'Topic',
      'arn:aws:sns:eu-west-3:111111111111:notify',
    );
    const { stack } = fleetStack({ notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'comptastar-dev-api-fleet-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^FleetHandler') } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: ['arn:aws:sns:eu-west-3:111111111111:notify'],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'comptastar-dev-api-fleet-failed-runs',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetFailedRuns'), 'QueueName'] },
        },
      ],
      Threshold: 1,
      AlarmActions: ['arn:aws:sns:eu-west-3:111111111111:notify'],
    });
  });

  test('the handler has reserved concurrency above 1 (room for a CloudFormation request during a reconcile) and a dead-letter queue', () => {
    const { stack, fleet } = fleetStack();
    const template = Template.fromStack(stack);
    const queue = { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetFailedRuns'), 'Arn'] };
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetHandlerRole'), 'Arn'] },
      ReservedConcurrentExecutions: 5,
      DeadLetterConfig: { TargetArn: queue },
    });
    // the provider framework (invoked asynchronously by CloudFormation) shares the queue
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetProviderRole'), 'Arn'] },
      ReservedConcurrentExecutions: 2,
      DeadLetterConfig: { TargetArn: queue },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FleetProviderRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: queue }),
        ]),
      },
    });
    expect(fleet.failedRunsQueue).toBeDefined();
    const custom = fleetStack({ reservedConcurrency: 10 }, { stackId: 'Custom' });
    Template.fromStack(custom.stack).hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetHandlerRole'), 'Arn'] },
      ReservedConcurrentExecutions: 10,
    });
  });

  test('the schedule follows reconcileInterval', () => {
    const { stack } = fleetStack({ reconcileInterval: Duration.minutes(2) });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(2 minutes)',
    });
  });

  test('the handler runs on Node.js 22 from a single bundled file that leaves the AWS SDK to the runtime', () => {
    const { stack } = fleetStack();
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 900,
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FleetHandlerRole'), 'Arn'] },
    });
    expect(fs.readdirSync(ASSET_DIR)).toEqual(['index.js']);
    const bundle = fs.readFileSync(path.join(ASSET_DIR, 'index.js'), 'utf8');
    const required = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
    expect(required.filter((r) => !r.startsWith('@aws-sdk/'))).toEqual([]);
    expect(required).toEqual([
      '@aws-sdk/client-auto-scaling',
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-codedeploy',
      '@aws-sdk/client-elastic-load-balancing-v2',
      '@aws-sdk/client-ssm',
    ]);
    expect(bundle).toContain('parseDesiredState');
  });

  test('the handler role is scoped to the fleet groups, alarms, deployment group and the two roles it passes', () => {
    const { stack } = fleetStack();
    const statements = handlerStatements(Template.fromStack(stack));
    const bySid = Object.fromEntries(statements.filter((s) => s.Sid).map((s) => [s.Sid, s]));
    const asgArn = (name: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:autoscaling:eu-west-3:111111111111:autoScalingGroup:*:autoScalingGroupName/${name}`,
        ],
      ],
    });

    expect(bySid.CreateFirstGroup.Resource).toEqual(asgArn('comptastar-dev-api-asg'));
    expect(bySid.ManageFleetGroups.Resource).toEqual([
      asgArn('comptastar-dev-api-asg'),
      asgArn('CodeDeploy_comptastar-dev-api-bg_*'),
    ]);
    // a group found by the fleet tag alone is reachable, and only through that tag
    expect(bySid.ManageTaggedFleetGroups).toMatchObject({
      Action: bySid.ManageFleetGroups.Action,
      Resource: asgArn('*'),
      Condition: { StringEquals: { 'autoscaling:ResourceTag/comptastar:fleet': 'comptastar-dev-api-fleet' } },
    });
    expect(bySid.ManageFleetGroups.Action).toEqual(
      expect.arrayContaining([
        'autoscaling:DeleteAutoScalingGroup',
        'autoscaling:DetachLoadBalancerTargetGroups',
      ]),
    );
    expect(bySid.DesiredState).toEqual({
      Sid: 'DesiredState',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'],
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':ssm:eu-west-3:111111111111:parameter/fleet/comptastar-dev-api-fleet/desired-state',
          ],
        ],
      },
    });
    expect(bySid.ManageDeploymentGroup.Action).toEqual(
      expect.arrayContaining(['codedeploy:GetDeployment', 'codedeploy:StopDeployment']),
    );
    expect(bySid.DescribeGroupsAndAlarms.Action).toContain('elasticloadbalancing:DescribeTargetHealth');
    expect(bySid.ManageFleetAlarms.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':cloudwatch:eu-west-3:111111111111:alarm:comptastar-dev-api-cpu-*',
        ],
      ],
    });
    expect(JSON.stringify(bySid.ManageDeploymentGroup.Resource)).toContain(
      ':codedeploy:eu-west-3:111111111111:deploymentgroup:',
    );
    expect(JSON.stringify(bySid.ManageDeploymentGroup.Resource)).toContain('/comptastar-dev-api-bg');
    expect(bySid.PassServiceRoleToCodeDeploy).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CodeDeployRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'codedeploy.amazonaws.com' } },
    });
    expect(bySid.PassInstanceRoleToEc2).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^InstanceRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
    expect(bySid.FleetLaunchFromTemplate.Condition.ArnLike['ec2:LaunchTemplate']).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ec2:eu-west-3:111111111111:launch-template/',
          { Ref: expect.stringMatching(/^LaunchTemplate/) },
        ],
      ],
    });
    expect(bySid.CreateAutoScalingServiceLinkedRole.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        ],
      ],
    });
    // '*' only where AWS offers no resource scope: Describe calls, or a condition narrows it
    for (const s of statements.filter((st) => st.Resource === '*')) {
      const actions: string[] = [s.Action].flat();
      expect({
        sid: s.Sid,
        ok: actions.every((a) => /:Describe/.test(a)) || s.Condition !== undefined,
      }).toEqual({ sid: s.Sid, ok: true });
    }
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContainEqual(expect.stringMatching(/\*$/));
  });

  test('the instance role it may pass can be given explicitly', () => {
    const role = iam.Role.fromRoleArn(new Stack(), 'Imported', 'arn:aws:iam::111111111111:role/instances');
    const { stack } = fleetStack({ instanceRole: role });
    const statements = handlerStatements(Template.fromStack(stack));
    expect(statements.find((s) => s.Sid === 'PassInstanceRoleToEc2').Resource).toBe(
      'arn:aws:iam::111111111111:role/instances',
    );
  });

  test('deploy actions that use the deployment group wait for the fleet', () => {
    const { stack, fleet } = fleetStack();
    expect(fleet.deploymentGroupName).toBe('comptastar-dev-api-bg');
    expect(fleet.fleetId).toBe('comptastar-dev-api-fleet');
    expect(stack.resolve(fleet.deploymentGroup.deploymentGroupName)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^Fleet.*/), 'DeploymentGroupName'],
    });
  });

  test('AwsSolutions finds nothing in the fleet, with or without a concrete account and region', () => {
    const app = new App();
    fleetStack({}, { app });
    fleetStack({}, { app, stackId: 'Agnostic', envAgnostic: true, service: { appName: 'web' } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // The fixture's VPC has no flow log: its finding proves the checks ran; the fleet has none.
    let report = '';
    try {
      app.synth();
    } catch (e) {
      report = String(e);
    }
    expect(report).toContain('AwsSolutions-VPC7');
    expect(report).toContain('Stack/Vpc/Resource');
    expect(report).toContain('Agnostic/Vpc/Resource');
    expect(report.split('\n').filter((line) => line.includes('/Fleet/'))).toEqual([]);
  });

  test.each<[string, object, string]>([
    [
      'a launch template without id',
      {
        launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(new Stack(), 'Lt', {
          launchTemplateName: 'x',
        }),
      },
      'launchTemplate must have a launchTemplateId (import it by id, not by name)',
    ],
    [
      'a termination wait in seconds',
      { terminationWait: Duration.seconds(90) },
      'terminationWait is 90 seconds; allowed: whole minutes from 0 to 2880',
    ],
    [
      'a termination wait over two days',
      { terminationWait: Duration.days(3) },
      'terminationWait is 259200 seconds; allowed: whole minutes from 0 to 2880',
    ],
    [
      'a grace period over two hours',
      { healthCheckGracePeriod: Duration.hours(3) },
      'healthCheckGracePeriod is 10800 seconds; allowed: 0 to 7200 seconds',
    ],
    [
      'a reconcile interval under a minute',
      { reconcileInterval: Duration.seconds(30) },
      'reconcileInterval is 30 seconds; allowed: whole minutes from 1 to 60',
    ],
    [
      'a reserved concurrency of 1',
      { reservedConcurrency: 1 },
      "reservedConcurrency is 1; allowed: an integer from 2 to 100 (1 would throttle CloudFormation's synchronous invoke",
    ],
    [
      'a reconcile interval over an hour',
      { reconcileInterval: Duration.hours(2) },
      'reconcileInterval is 7200 seconds; allowed: whole minutes from 1 to 60',
    ],
  ])('rejects %s, naming the prop and the range', (_name, props, message) => {
    expect(() => fleetStack(props)).toThrow(message);
  });

  test('resolves its service config itself, with the same defaults and errors as BlueGreenService', () => {
    const service = { appName: 'api', port: 3001, healthCheck: { path: '/api/v1/health' } };
    const bad = { ...service, scaling: { minCapacity: 5, maxCapacity: 2, desiredCapacity: 2 } };
    expect(() => fleetStack({ service: bad })).toThrow(
      'Invalid configuration of app "api" in environment "dev":\n' +
        '  - scaling.minCapacity (5) must not exceed scaling.maxCapacity (2)',
    );
  });
});

describe('Fleet names from the project', () => {
  test("ComptaStar's fleet keeps the type and tag keys its deployed stacks have", () => {
    const fleet = fleetProperties(Template.fromStack(fleetStack().stack), 'Custom::ComptaStarFleet');
    expect(fleet.tagKeys).toEqual({ fleet: 'comptastar:fleet', desiredConfig: 'comptastar:desired-config' });
    expect(fleet.tags).toEqual([
      { key: 'Name', value: 'comptastar-dev-api' },
      { key: 'comptastar:project', value: 'comptastar' },
      { key: 'comptastar:environment', value: 'dev' },
      { key: 'comptastar:app', value: 'api' },
    ]);
  });

  test("another project's fleet says nothing of comptastar: its own type, tag keys and IAM condition", () => {
    const { stack } = fleetStack(
      {},
      {
        naming: { projectName: 'acme', environment: 'prod' },
        service: { appName: 'api', port: 8080, healthCheck: { path: '/healthz' } },
      },
    );
    const template = Template.fromStack(stack);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/comptastar/i);

    const fleet = fleetProperties(template, 'Custom::AcmeFleet');
    expect(fleet.tagKeys).toEqual({ fleet: 'acme:fleet', desiredConfig: 'acme:desired-config' });
    expect(fleet.tags).toEqual([
      { key: 'Name', value: 'acme-prod-api' },
      { key: 'acme:project', value: 'acme' },
      { key: 'acme:environment', value: 'prod' },
      { key: 'acme:app', value: 'api' },
    ]);
    const tagged = handlerStatements(template).find((st) => st.Sid === 'ManageTaggedFleetGroups');
    expect(tagged.Condition).toEqual({
      StringEquals: { 'autoscaling:ResourceTag/acme:fleet': 'acme-prod-api-fleet' },
    });
  });

  test('the handler bundle holds no project name: tag keys and names arrive in the desired state', () => {
    const bundle = fs.readFileSync(path.join(ASSET_DIR, 'index.js'), 'utf8');
    expect(bundle).toContain('tagKeys');
    expect(bundle).not.toMatch(/comptastar/i);
  });
});

describe('Fleet defaults', () => {
  test('are public statics, and a fleet without the props applies them', () => {
    const { stack, fleet } = fleetStack();
    const props = fleetProperties(Template.fromStack(stack));
    expect(Fleet.DEFAULT_TERMINATION_WAIT.toMinutes()).toBe(15);
    expect(props.deploymentGroup.terminationWaitMinutes).toBe(15);
    expect(fleet.terminationWait.toMinutes()).toBe(15);
    expect(Fleet.DEFAULT_HEALTH_CHECK_GRACE_PERIOD.toSeconds()).toBe(120);
    expect(props.healthCheckGracePeriodSeconds).toBe(120);
    expect(Fleet.DEFAULT_RECONCILE_INTERVAL.toMinutes()).toBe(5);
    expect(fleet.reconcileInterval.toMinutes()).toBe(5);
    expect(Fleet.DEFAULT_RESERVED_CONCURRENCY).toBe(5);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Fleet .*: reconciles'),
      ReservedConcurrentExecutions: 5,
    });
  });

  test('a termination wait given in the props is the one the fleet reports', () => {
    const { fleet } = fleetStack({ terminationWait: Duration.minutes(30) });
    expect(fleet.terminationWait.toMinutes()).toBe(30);
  });
});
