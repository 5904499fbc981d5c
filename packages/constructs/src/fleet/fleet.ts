import { CustomResource, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createFleetAlarms } from './fleet-alarms';
import { renderDesiredState } from './fleet-desired-state';
import { fleetNames } from './fleet-names';
import { createFleetProvider } from './fleet-provider';
import { createReconcileTriggers } from './fleet-triggers';
import { validateFleetProps } from './fleet-validation';
import { grantHandlerPermissions } from './handler-permissions';
import { createReconcileHandler } from './reconcile-handler';
import { acknowledgeNist } from '../common/nist';
import { Naming } from '../config/naming';
import { ServiceConfigs } from '../config/resolved-service-config';
import { ServiceConfig } from '../config/service-config';

/** Properties of a `Fleet`. */
export interface FleetProps {
  /** Builds every name of the fleet (groups, alarms, deployment group, fleet id, tag keys, resource type). */
  readonly naming: Naming;

  /**
   * The app's configuration; the fleet uses its name, capacity and CPU scaling (thresholds,
   * periods, cooldown), with the same defaults and validation as `BlueGreenService`.
   */
  readonly service: ServiceConfig;

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
   * @default Fleet.DEFAULT_HEALTH_CHECK_GRACE_PERIOD (120 seconds)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Time CodeDeploy keeps the original (blue) instances after traffic moved, whole minutes from 0 to 2880.
   * @default Fleet.DEFAULT_TERMINATION_WAIT (15 minutes)
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
   * @default Fleet.DEFAULT_RECONCILE_INTERVAL (5 minutes)
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
   * @default Fleet.DEFAULT_RESERVED_CONCURRENCY (5)
   */
  readonly reservedConcurrency?: number;
}

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
 * declare const vpc: ec2.IVpc;
 * declare const launchTemplate: ec2.LaunchTemplate;
 * declare const targetGroup: elbv2.IApplicationTargetGroup;
 * declare const serviceRole: iam.IRole; // AWSCodeDeployRole, ec2:RunInstances, ec2:CreateTags, iam:PassRole
 * const fleet = new Fleet(stack, 'Fleet', {
 *   naming,
 *   service: {
 *     appName: 'backend',
 *     port: 8080,
 *     healthCheck: { path: '/healthz' },
 *     scaling: { minCapacity: 2, maxCapacity: 6, scaleUpCpuPercent: 60 },
 *   },
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
  /** Default of `healthCheckGracePeriod`. */
  public static readonly DEFAULT_HEALTH_CHECK_GRACE_PERIOD = Duration.seconds(120);
  /** Default of `terminationWait`: how long CodeDeploy keeps the blue instances after traffic moved. */
  public static readonly DEFAULT_TERMINATION_WAIT = Duration.minutes(15);
  /** Default of `reconcileInterval`. */
  public static readonly DEFAULT_RECONCILE_INTERVAL = Duration.minutes(5);
  /** Default of `reservedConcurrency`. */
  public static readonly DEFAULT_RESERVED_CONCURRENCY = 5;

  /** The blue/green deployment group; referencing it waits for the fleet to exist. */
  public readonly deploymentGroup: codedeploy.IServerDeploymentGroup;
  /** Name of the deployment group (known at synthesis). */
  public readonly deploymentGroupName: string;
  /** Value of the `<project>:fleet` tag (`Naming.tagKey('fleet')`) on every Auto Scaling group of the fleet. */
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
  /** How long CodeDeploy keeps the original (blue) instances after traffic moved. */
  public readonly terminationWait: Duration;
  /** Runs that failed all their retries (dead-letter queue of the handler, its rules and the provider framework). */
  public readonly failedRunsQueue: sqs.IQueue;
  /** In ALARM when the handler failed (a custom resource request or a reconcile). */
  public readonly handlerErrorsAlarm: cloudwatch.Alarm;
  /** In ALARM when the dead-letter queue holds a failed event. */
  public readonly failedRunsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    const { naming } = props;
    const config = ServiceConfigs.resolve(naming, props.service);
    const app = config.appName;
    const healthCheckGracePeriod = props.healthCheckGracePeriod ?? Fleet.DEFAULT_HEALTH_CHECK_GRACE_PERIOD;
    this.terminationWait = props.terminationWait ?? Fleet.DEFAULT_TERMINATION_WAIT;
    this.reconcileInterval = props.reconcileInterval ?? Fleet.DEFAULT_RECONCILE_INTERVAL;
    const reservedConcurrency = props.reservedConcurrency ?? Fleet.DEFAULT_RESERVED_CONCURRENCY;
    validateFleetProps(this.node.path, {
      launchTemplate: props.launchTemplate,
      healthCheckGracePeriod,
      terminationWait: this.terminationWait,
      reconcileInterval: this.reconcileInterval,
      reservedConcurrency,
    });

    const names = fleetNames(naming, app);
    this.fleetId = names.fleetId;
    this.deploymentGroupName = names.deploymentGroupName;
    this.stateParameterName = names.stateParameterName;
    const desired = renderDesiredState({
      ...props,
      config,
      names,
      rollbackAlarms: props.rollbackAlarms ?? [],
      healthCheckGracePeriod,
      terminationWait: this.terminationWait,
    });

    // -- the handler, its role and its dead-letter queue ------------------------------------------
    const { handler, role, failedRuns } = createReconcileHandler(this, {
      naming,
      appName: app,
      names,
      reservedConcurrency,
    });
    this.handler = handler;
    this.failedRunsQueue = failedRuns;
    grantHandlerPermissions(this, role, {
      names,
      launchTemplate: props.launchTemplate,
      application: props.application,
      serviceRole: props.serviceRole,
      instanceRole:
        props.instanceRole ??
        (props.launchTemplate instanceof ec2.LaunchTemplate ? props.launchTemplate.role : undefined),
    });

    // -- the custom resource ----------------------------------------------------------------------
    const provider = createFleetProvider(this, {
      naming,
      appName: app,
      fleetId: this.fleetId,
      handler,
      failedRuns,
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      // `Custom::<projectTitle>Fleet`, fixed once a stack exists (see FleetNames.resourceType).
      resourceType: names.resourceType,
      properties: { Fleet: desired },
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

    // -- after each deployment, and on schedule: the same reconcile, reading the stored state ------
    const triggers = createReconcileTriggers(this, {
      names,
      application: props.application,
      handler,
      failedRuns,
      reconcileInterval: this.reconcileInterval,
    });
    this.deploymentEventRule = triggers.deploymentEventRule;
    this.reconcileScheduleRule = triggers.reconcileScheduleRule;
    // No rule fires before the fleet exists (its Create writes the state they read).
    this.deploymentEventRule.node.addDependency(resource);
    this.reconcileScheduleRule.node.addDependency(resource);

    const alarms = createFleetAlarms(this, {
      naming,
      appName: app,
      fleetId: this.fleetId,
      handler,
      failedRuns,
    });
    this.handlerErrorsAlarm = alarms.handlerErrors;
    this.failedRunsAlarm = alarms.failedRuns;
    if (props.notificationTopic) {
      for (const alarm of [this.handlerErrorsAlarm, this.failedRunsAlarm]) {
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.notificationTopic));
      }
    }

    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5-LambdaInsideVPC');
  }
}
