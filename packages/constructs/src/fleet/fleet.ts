import { ArnFormat, CustomResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { FleetHandlerFunction } from './fleet-handler-function';
import { FLEET_TAG_KEY, STATE_PARAMETER_ENV } from './handler/types';
import { launchFromTemplateStatements } from '../common/launch-permissions';
import { LogEncryption } from '../common/log-encryption';
import { acknowledgeNist } from '../common/nist';
import { Naming, ScalingDirection } from '../config/naming';
import { ResolvedServiceConfig } from '../config/service-config';

/** Properties of a `Fleet`. */
export interface FleetProps {
  /** Builds every name of the fleet (groups, alarms, deployment group, fleet id). */
  readonly naming: Naming;

  /** The app's resolved configuration: capacity, CPU scaling thresholds, periods, cooldown and policy names. */
  readonly config: ResolvedServiceConfig;

  /** VPC of the instances. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the Auto Scaling groups.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Launch template of the instances (it must have an id). The groups use its latest version for a
   * `LaunchTemplate` created in the app, else its `versionNumber`.
   */
  readonly launchTemplate: ec2.ILaunchTemplate;

  /** Target group the live group is attached to and CodeDeploy moves traffic through. */
  readonly targetGroup: elbv2.IApplicationTargetGroup;

  /** CodeDeploy application of the app. */
  readonly application: codedeploy.IServerApplication;

  /**
   * CodeDeploy service role: AWSCodeDeployRole plus ec2:RunInstances, ec2:CreateTags and
   * iam:PassRole for the instance role (needed to copy a group that uses a launch template).
   */
  readonly serviceRole: iam.IRole;

  /**
   * Alarms that stop a deployment and roll it back.
   * @default - none
   */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];

  /**
   * Time after an instance starts before its load balancer health counts (0 to 7200 seconds).
   * @default Duration.seconds(120)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Time CodeDeploy keeps the original (blue) instances after traffic moved, whole minutes from 0 to 2880.
   * @default Duration.minutes(15)
   */
  readonly terminationWait?: Duration;

  /**
   * Role of the instances (the launch template's instance profile). The fleet's handler may pass
   * it to Auto Scaling when it creates a group.
   * @default - the launch template's role, if it is a `LaunchTemplate` with one; else none
   */
  readonly instanceRole?: iam.IRole;

  /**
   * Topic that receives the fleet's own alarms: a reconcile failed, or an event's reconcile failed
   * all its retries (kept in the fleet's dead-letter queue).
   * @default - the alarms exist without an action
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * How often the scheduled reconcile runs, the safety net for lost or failed deployment events
   * (whole minutes from 1 to 60).
   * @default Duration.minutes(5)
   */
  readonly reconcileInterval?: Duration;

  /**
   * Reserved concurrency of the reconcile handler (2 to 100). CloudFormation's requests reach the
   * handler through the provider framework's synchronous invoke, which fails the stack operation
   * once the SDK's few retries of a throttled call are spent; events and the schedule invoke it
   * asynchronously, and Lambda keeps a throttled asynchronous event and retries it. With 1, a
   * scheduled or event-driven run in progress would throttle a deploy's request, so the default
   * leaves room for both (the handler's version check on its state keeps concurrent runs safe).
   * Lambda requires at least 100 unreserved executions left in the account and region
   * (PutFunctionConcurrency API reference).
   * @default 5
   */
  readonly reservedConcurrency?: number;
}

/** Reserved concurrency of the provider framework function (invoked asynchronously by CloudFormation). */
const PROVIDER_RESERVED_CONCURRENCY = 2;

/**
 * The fleet: a custom resource that owns an app's Auto Scaling group across CodeDeploy
 * blue/green deployments (COPY_AUTO_SCALING_GROUP), with its CPU Simple Scaling policies, their
 * alarms and the blue/green deployment group, none of which CloudFormation can own (every
 * deployment replaces the group). CloudFormation writes the desired state (an SSM parameter,
 * through the custom resource) and never waits for a deployment; the same handler reconciles on
 * CodeDeploy's state-change events and on a schedule. See docs/fleet.md.
 *
 * Every service makes its own fleet; a fleet alone serves an app whose load balancer and launch
 * template you build yourself.
 *
 * @example
 * declare const naming: Naming;
 * declare const config: ResolvedServiceConfig; // capacity, scaling thresholds and periods of the app
 * declare const vpc: ec2.IVpc;
 * declare const launchTemplate: ec2.LaunchTemplate;
 * declare const targetGroup: elbv2.IApplicationTargetGroup;
 * declare const serviceRole: iam.IRole; // AWSCodeDeployRole, ec2:RunInstances, ec2:CreateTags, iam:PassRole
 * const fleet = new Fleet(stack, 'Fleet', {
 *   naming,
 *   config,
 *   vpc,
 *   launchTemplate,
 *   targetGroup,
 *   serviceRole,
 *   application: new codedeploy.ServerApplication(stack, 'Application'),
 *   terminationWait: Duration.minutes(30),
 * });
 * fleet.deploymentGroup; // what a CodeDeploy deploy action deploys to
 */
export class Fleet extends Construct {
  /** The blue/green deployment group; referencing it waits for the fleet to exist. */
  public readonly deploymentGroup: codedeploy.IServerDeploymentGroup;

  /** Name of the deployment group (known at synthesis). */
  public readonly deploymentGroupName: string;

  /** Value of the `comptastar:fleet` tag on every Auto Scaling group of the fleet. */
  public readonly fleetId: string;

  /** The reconcile handler (custom resource and deployment events). */
  public readonly handler: lambda.IFunction;

  /** The rule that runs the reconcile on CodeDeploy's state changes (SUCCESS, FAILURE, STOP). */
  public readonly deploymentEventRule: events.IRule;

  /** The rule that runs the reconcile every `reconcileInterval` (lost or failed events). */
  public readonly reconcileScheduleRule: events.IRule;

  /** Name of the SSM parameter holding the desired state. */
  public readonly stateParameterName: string;

  /** How often the scheduled reconcile runs. */
  public readonly reconcileInterval: Duration;

  /** Runs that failed all their retries (dead-letter queue of the handler, its rules and the provider framework). */
  public readonly failedRunsQueue: sqs.IQueue;

  /** In ALARM when the handler failed (a custom resource request or a reconcile). */
  public readonly handlerErrorsAlarm: cloudwatch.Alarm;

  /** In ALARM when the dead-letter queue holds a failed event. */
  public readonly failedRunsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    const { naming, config } = props;
    const app = config.appName;
    const healthCheckGracePeriod = props.healthCheckGracePeriod ?? Duration.seconds(120);
    const terminationWait = props.terminationWait ?? Duration.minutes(15);
    const reconcileInterval = props.reconcileInterval ?? Duration.minutes(5);
    const reservedConcurrency = props.reservedConcurrency ?? 5;
    this.validate(props, healthCheckGracePeriod, terminationWait, reconcileInterval, reservedConcurrency);
    this.reconcileInterval = reconcileInterval;

    this.fleetId = naming.fleetId(app);
    this.deploymentGroupName = naming.deploymentGroupName(app);
    this.stateParameterName = naming.fleetStateParameterName(app);
    const groupName = naming.autoScalingGroupName(app);
    const copyPrefix = naming.codeDeployCopyGroupPrefix(app);
    const alarmPrefix = naming.scalingAlarmNamePrefix(app);
    const stack = Stack.of(this);

    const fleet = this.renderDesiredState(props, {
      groupName,
      copyPrefix,
      alarmPrefix,
      graceSeconds: healthCheckGracePeriod.toSeconds(),
      terminationWaitMinutes: terminationWait.toMinutes(),
    });

    const logEncryption = LogEncryption.of(this);
    const logGroup = logEncryption.logGroup(this, 'HandlerLogs', {
      logGroupName: naming.fleetHandlerLogGroupName(app),
      retention: logs.RetentionDays.ONE_MONTH,
    });
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Fleet ${this.fleetId}: manages its Auto Scaling groups, alarms and deployment group`,
    });
    logGroup.grantWrite(role);
    const failedRuns = new sqs.Queue(this, 'FailedRuns', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.failedRunsQueue = failedRuns;
    const handler = new FleetHandlerFunction(this, 'Handler', {
      description: `Fleet ${this.fleetId}: reconciles the Auto Scaling group across blue/green deployments`,
      role,
      logGroup,
      // Delete stops a running deployment (up to 2 min) and waits for the instances (up to 10 min).
      timeout: Duration.minutes(15),
      memorySize: 256,
      environment: { [STATE_PARAMETER_ENV]: this.stateParameterName },
      deadLetterQueue: failedRuns,
      reservedConcurrentExecutions: reservedConcurrency,
    });
    this.handler = handler;

    // -- least privilege: each statement names what AWS lets us scope it to --------------------
    const groupArn = (name: string) =>
      stack.formatArn({
        service: 'autoscaling',
        resource: 'autoScalingGroup',
        resourceName: `*:autoScalingGroupName/${name}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const fleetGroups = [groupArn(groupName), groupArn(`${copyPrefix}*`)];
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
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'CreateFirstGroup',
        actions: ['autoscaling:CreateAutoScalingGroup'],
        resources: [groupArn(groupName)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ManageFleetGroups', actions: groupActions, resources: fleetGroups }),
    );
    // Groups the fleet finds by its tag alone (e.g. copies named after an earlier deployment group).
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageTaggedFleetGroups',
        actions: groupActions,
        resources: [anyGroup],
        conditions: { StringEquals: { [`autoscaling:ResourceTag/${FLEET_TAG_KEY}`]: this.fleetId } },
      }),
    );
    role.addToPrincipalPolicy(
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
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DesiredState',
        actions: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'],
        resources: [
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: this.stateParameterName.replace(/^\//, ''),
          }),
        ],
      }),
    );
    // The first group of an account creates Auto Scaling's service-linked role.
    role.addToPrincipalPolicy(
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
    );
    // Auto Scaling checks that the caller may launch from the template when it creates a group.
    launchFromTemplateStatements(stack, props.launchTemplate, 'Fleet').forEach((st) =>
      role.addToPrincipalPolicy(st),
    );
    const fleetAlarms = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `${alarmPrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageFleetAlarms',
        actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
        resources: [fleetAlarms],
      }),
    );
    const groupForPolicy = codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(
      this,
      'DeploymentGroupForPolicy',
      { application: props.application, deploymentGroupName: this.deploymentGroupName },
    );
    role.addToPrincipalPolicy(
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
        resources: [groupForPolicy.deploymentGroupArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PassServiceRoleToCodeDeploy',
        actions: ['iam:PassRole'],
        resources: [props.serviceRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'codedeploy.amazonaws.com' } },
      }),
    );
    const instanceRole =
      props.instanceRole ??
      (props.launchTemplate instanceof ec2.LaunchTemplate ? props.launchTemplate.role : undefined);
    if (instanceRole) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'PassInstanceRoleToEc2',
          actions: ['iam:PassRole'],
          resources: [instanceRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        }),
      );
    }

    // -- the custom resource ---------------------------------------------------------------------
    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Fleet ${this.fleetId}: custom resource provider framework`,
    });
    const providerLogs = logEncryption.logGroup(this, 'ProviderLogs', {
      logGroupName: naming.fleetProviderLogGroupName(app),
      retention: logs.RetentionDays.ONE_MONTH,
    });
    providerLogs.grantWrite(providerRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: providerRole,
      logGroup: providerLogs,
    });
    // CloudFormation invokes the framework asynchronously (Lambda developer guide, "Using AWS Lambda
    // with CloudFormation"): a request the framework itself could not process
    // lands in the same dead-letter queue; the framework answers FAILED to handler errors itself.
    const framework = provider.node.findChild('framework-onEvent') as lambda.Function;
    const cfnFramework = framework.node.defaultChild as lambda.CfnFunction;
    cfnFramework.deadLetterConfig = { targetArn: failedRuns.queueArn };
    cfnFramework.reservedConcurrentExecutions = PROVIDER_RESERVED_CONCURRENCY;
    failedRuns.grantSendMessages(providerRole);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ComptaStarFleet',
      properties: { Fleet: fleet },
    });
    // CodeDeploy needs the target group behind a load balancer (its listener rule) before the
    // deployment group can name it.
    resource.node.addDependency(props.targetGroup.loadBalancerAttached);

    // The name comes from the resource so that deploy actions using it wait for the fleet.
    this.deploymentGroup = codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(
      this,
      'DeploymentGroup',
      { application: props.application, deploymentGroupName: resource.getAttString('DeploymentGroupName') },
    );
    this.deploymentGroup.node.addDependency(resource);

    // -- after each deployment, and on schedule: the same reconcile, reading the stored state -----
    const target = () =>
      new targets.LambdaFunction(handler, {
        retryAttempts: 4,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: failedRuns,
      });
    this.deploymentEventRule = new events.Rule(this, 'DeploymentEvents', {
      description: `Fleet ${this.fleetId}: reconcile on state changes of ${this.deploymentGroupName}`,
      eventPattern: {
        source: ['aws.codedeploy'],
        detailType: [
          'CodeDeploy Deployment State-change Notification',
          'CodeDeploy Instance State-change Notification',
        ],
        detail: {
          application: [props.application.applicationName],
          deploymentGroup: [this.deploymentGroupName],
          state: ['SUCCESS', 'FAILURE', 'STOP'],
        },
      },
      targets: [target()],
    });
    this.reconcileScheduleRule = new events.Rule(this, 'ReconcileSchedule', {
      description: `Fleet ${this.fleetId}: reconcile every ${reconcileInterval.toMinutes()} min (lost or failed events)`,
      schedule: events.Schedule.rate(reconcileInterval),
      targets: [target()],
    });
    // No rule fires before the fleet exists (its Create writes the state they read).
    this.deploymentEventRule.node.addDependency(resource);
    this.reconcileScheduleRule.node.addDependency(resource);

    this.handlerErrorsAlarm = new cloudwatch.Alarm(this, 'HandlerErrors', {
      alarmName: naming.fleetErrorsAlarmName(app),
      alarmDescription: `Fleet ${this.fleetId}: a reconcile failed (its log group ${naming.fleetHandlerLogGroupName(app)} says why); the next run retries`,
      metric: handler.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedRunsAlarm = new cloudwatch.Alarm(this, 'FailedRunsAlarm', {
      alarmName: naming.fleetFailedRunsAlarmName(app),
      alarmDescription: `Fleet ${this.fleetId}: events whose reconcile failed every retry (or CloudFormation requests the provider could not take) wait in the dead-letter queue`,
      metric: failedRuns.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.notificationTopic) {
      for (const alarm of [this.handlerErrorsAlarm, this.failedRunsAlarm]) {
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.notificationTopic));
      }
    }
    Validations.of(failedRuns).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the dead-letter queue of the fleet handler and of its rules' Lambda targets.",
    });

    this.acknowledge(role, [
      [
        '*',
        'autoscaling:DescribeAutoScalingGroups/DescribePolicies, cloudwatch:DescribeAlarms and the ec2:Describe* calls ' +
          'support no resource-level permissions; ec2:RunInstances is limited to the fleet launch template by the ' +
          'ec2:LaunchTemplate condition and ec2:CreateTags to RunInstances by ec2:CreateAction.',
      ],
      [
        fleetGroups[0],
        'An Auto Scaling group ARN carries a generated id before the name; the name is exact.',
      ],
      [
        fleetGroups[1],
        'CodeDeploy names each replacement group CodeDeploy_<deployment group>_<deployment id>; the id is not known in ' +
          "advance, the prefix is this fleet's own.",
      ],
      [
        fleetAlarms,
        'The CPU alarms of this app only: every alarm name the fleet writes starts with this prefix.',
      ],
      [
        anyGroup,
        `Only groups tagged ${FLEET_TAG_KEY}=${this.fleetId} (autoscaling:ResourceTag condition): the fleet's own groups that its name patterns miss.`,
      ],
    ]);
    this.acknowledge(providerRole, [
      [
        `${handler.functionArn}:*`,
        'The provider framework may invoke any version of the fleet handler (CDK grant).',
      ],
    ]);
    // The Lambda L2 makes each function depend on its role and the role's policy; the role is
    // already a GetAtt dependency (cfn-lint W3005), so keep only the policy.
    keepOnlyPolicyDependency(handler, role);
    keepOnlyPolicyDependency(framework, providerRole);

    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5-LambdaInsideVPC');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The fleet handler targets Node.js 22, the runtime the project standardizes on (instances, CodeBuild).',
    });
  }

  private validate(
    props: FleetProps,
    grace: Duration,
    terminationWait: Duration,
    reconcileInterval: Duration,
    reservedConcurrency: number,
  ): void {
    const problems: string[] = [];
    if (!props.launchTemplate.launchTemplateId) {
      problems.push('launchTemplate must have a launchTemplateId (import it by id, not by name)');
    }
    const graceSeconds = grace.toSeconds();
    if (!Token.isUnresolved(graceSeconds) && (graceSeconds < 0 || graceSeconds > 7200)) {
      problems.push(`healthCheckGracePeriod is ${graceSeconds} seconds; allowed: 0 to 7200 seconds`);
    }
    const waitSeconds = terminationWait.toSeconds();
    if (waitSeconds % 60 !== 0 || waitSeconds < 0 || waitSeconds > 2880 * 60) {
      problems.push(`terminationWait is ${waitSeconds} seconds; allowed: whole minutes from 0 to 2880`);
    }
    const intervalSeconds = reconcileInterval.toSeconds();
    if (intervalSeconds % 60 !== 0 || intervalSeconds < 60 || intervalSeconds > 3600) {
      problems.push(`reconcileInterval is ${intervalSeconds} seconds; allowed: whole minutes from 1 to 60`);
    }
    if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 2 || reservedConcurrency > 100) {
      problems.push(
        `reservedConcurrency is ${reservedConcurrency}; allowed: an integer from 2 to 100 (1 would throttle CloudFormation's synchronous invoke while a scheduled or event run is in progress)`,
      );
    }
    if (problems.length > 0) {
      throw new Error(`Invalid Fleet "${this.node.path}":\n  - ${problems.join('\n  - ')}`);
    }
  }

  /** The desired state, in the shape the handler parses (handler/types.ts). */
  private renderDesiredState(
    props: FleetProps,
    r: {
      groupName: string;
      copyPrefix: string;
      alarmPrefix: string;
      graceSeconds: number;
      terminationWaitMinutes: number;
    },
  ): Record<string, unknown> {
    const { naming, config } = props;
    const s = config.scaling;
    const app = config.appName;
    const template = props.launchTemplate;
    const version =
      template instanceof ec2.LaunchTemplate ? template.latestVersionNumber : template.versionNumber;
    const subnets = props.vpc.selectSubnets(
      props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    );
    const policy = (direction: ScalingDirection) => {
      const up = direction === ScalingDirection.UP;
      const threshold = up ? s.scaleUpCpuPercent : s.scaleDownCpuPercent;
      return {
        policyName: up ? config.scaleUpPolicyName : config.scaleDownPolicyName,
        scalingAdjustment: up ? 1 : -1,
        cooldownSeconds: s.cooldownSeconds,
        alarmName: naming.scalingAlarmName(app, direction, threshold),
        statistic: 'Average',
        threshold,
        comparisonOperator: up ? 'GreaterThanThreshold' : 'LessThanThreshold',
        periodSeconds: up ? s.scaleUpPeriodSeconds : s.scaleDownPeriodSeconds,
        evaluationPeriods: up ? s.scaleUpEvaluationPeriods : s.scaleDownEvaluationPeriods,
      };
    };
    return {
      fleetId: this.fleetId,
      autoScalingGroupName: r.groupName,
      copyGroupPrefix: r.copyPrefix,
      alarmNamePrefix: r.alarmPrefix,
      launchTemplateId: template.launchTemplateId,
      launchTemplateVersion: version,
      subnetIds: subnets.subnetIds,
      targetGroupArn: props.targetGroup.targetGroupArn,
      targetGroupName: props.targetGroup.targetGroupName,
      minSize: s.minCapacity,
      maxSize: s.maxCapacity,
      desiredCapacity: s.desiredCapacity,
      healthCheckGracePeriodSeconds: r.graceSeconds,
      tags: [
        { key: 'Name', value: naming.resourcePrefix(app) },
        { key: 'comptastar:project', value: naming.projectName },
        { key: 'comptastar:environment', value: naming.environment },
        { key: 'comptastar:app', value: app },
      ],
      policies: [policy(ScalingDirection.UP), policy(ScalingDirection.DOWN)],
      deploymentGroup: {
        applicationName: props.application.applicationName,
        deploymentGroupName: this.deploymentGroupName,
        serviceRoleArn: props.serviceRole.roleArn,
        terminationWaitMinutes: r.terminationWaitMinutes,
        rollbackAlarmNames: (props.rollbackAlarms ?? []).map((a) => a.alarmName),
      },
    };
  }

  /** Acknowledges cdk-nag's wildcard finding on each resource ARN, with the reason AWS forces it. */
  private acknowledge(role: iam.IRole, resources: Array<[string, string]>): void {
    for (const [resource, reason] of resources) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagReference(Stack.of(this).resolve(resource))}]`,
        reason,
      });
    }
  }
}

/** A resolved CloudFormation value as cdk-nag prints it in finding ids (utils/flatten-cfn-reference). */
function nagReference(node: unknown): string {
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const o = node as Record<string, any>;
  if (o?.['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'];
    return (items as unknown[]).map(nagReference).join(delimiter);
  }
  if (o?.['Fn::GetAtt']) {
    return `<${nagReference(o['Fn::GetAtt'][0])}.${nagReference(o['Fn::GetAtt'][1])}>`;
  }
  if (o?.Ref) {
    return `<${nagReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Replaces a function's DependsOn (its role and the role's default policy) by the policy alone. */
function keepOnlyPolicyDependency(fn: lambda.Function, role: iam.Role): void {
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
  if (!policy) return;
  cfnFunction.addOverride('DependsOn', [
    Stack.of(fn).getLogicalId(policy.node.defaultChild as iam.CfnPolicy),
  ]);
}
