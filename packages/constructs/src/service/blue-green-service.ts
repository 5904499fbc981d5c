import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { BlueGreenServiceProps } from './blue-green-service-props';
import { createCodeDeployServiceRole } from './codedeploy-role';
import { createInstanceRole, grantObjectRead } from './instance-role';
import { createLaunchTemplate } from './launch-template';
import { createLoadBalancer } from './load-balancer';
import { createNotificationRules } from './notification-rules';
import { createRollbackAlarms } from './rollback-alarms';
import { createSecurityGroups } from './security-groups';
import { serviceProblems } from './service-validation';
import { renderUserData } from './user-data';
import { protectLoadBalancer } from './waf-association';
import { WafSetting } from './waf-setting';
import { LoadBalancerWebAcl } from './web-acl';
import { LogEncryption } from '../common/log-encryption';
import { acknowledgeNist } from '../common/nist';
import { ResolvedServiceConfig, ServiceConfigs, timeToHealthy } from '../config/resolved-service-config';
import { ResourceNames } from '../config/resource-names';
import { Fleet } from '../fleet/fleet';
import { NotificationTopic } from '../notifications/notification-topic';
import type { IBlueGreenService } from '../pipeline/blue-green-pipeline-props';

/**
 * One app of a pnpm monorepo, running on EC2 behind its own internet-facing Application Load
 * Balancer and deployed blue/green by CodeDeploy.
 *
 * It creates the load balancer, target group and listeners, the security groups, the launch
 * template (Amazon Linux 2023, IMDSv2, encrypted gp3, CloudWatch and CodeDeploy agents), a
 * least-privilege instance role, the CodeDeploy application and service role, the `Fleet` that
 * owns the Auto Scaling group across deployments, the log groups, the rollback alarms, AWS WAF and
 * readable notifications of failed deployments and alarms.
 *
 * @example
 * const naming = new Naming({ projectName: 'acme', environment: 'prod' });
 * const network = new Network(stack, 'Network', { naming });
 * const backend = new BlueGreenService(stack, 'Backend', {
 *   naming,
 *   vpc: network.vpc,
 *   service: { appName: 'backend', port: 8080, healthCheck: { path: '/healthz' }, pathPattern: '/v2/*' },
 *   httpOnlyReason: 'no domain yet',
 * });
 */
export class BlueGreenService extends Construct implements IBlueGreenService {
  /** The app's name (`service.appName`). */
  public readonly appName: string;
  /**
   * SSM Parameter Store path the app's instances read their parameters from
   * (`/${environment}/${appName}/`, `Naming.ssmPath`); the instance role may read nothing else.
   */
  public readonly ssmPath: string;
  /**
   * At most how long the load balancer takes to count a new instance healthy once it answers its
   * health check: (healthyThreshold + 1) x interval, the health check's share of a deployment's
   * time. An upper bound: the Elastic Load Balancing guide also says a newly registered target
   * must pass one health check to be considered healthy.
   */
  public readonly timeToHealthy: Duration;
  /**
   * How long the load balancer keeps sending in-flight requests to a deregistering (blue)
   * instance before it is out of service (the target group's deregistration delay).
   */
  public readonly deregistrationDelay: Duration;
  /** The internet-facing load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** DNS name of the load balancer. */
  public readonly loadBalancerDnsName: string;
  /** The stack output holding the load balancer's DNS name. */
  public readonly loadBalancerDnsNameOutput: CfnOutput;
  /** The listener that routes the app's path pattern (443 with a certificate, else 80). */
  public readonly listener: elbv2.ApplicationListener;
  /** The app's target group; CodeDeploy moves traffic through it. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Security group of the load balancer. */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** Security group of the instances. */
  public readonly instanceSecurityGroup: ec2.SecurityGroup;
  /** Both security groups: load balancer first, instances second. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** Launch template of the instances. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** Role of the instances. */
  public readonly instanceRole: iam.IRole;
  /** CodeDeploy application (server platform). */
  public readonly application: codedeploy.IServerApplication;
  /** CodeDeploy service role. */
  public readonly codeDeployServiceRole: iam.IRole;
  /** The fleet that owns the Auto Scaling group and the blue/green deployment group. */
  public readonly fleet: Fleet;
  /** The blue/green deployment group, for the pipeline's deploy action. */
  public readonly deploymentGroup: codedeploy.IServerDeploymentGroup;
  /** Log group of the app's process output (PM2). */
  public readonly applicationLogGroup: logs.ILogGroup;
  /** Log group of the CodeDeploy agent, hooks and boot script. */
  public readonly deploymentLogGroup: logs.ILogGroup;
  /** Both log groups: application first, deployment second. */
  public readonly logGroups: logs.ILogGroup[];
  /** Alarms that roll a deployment back: target 5xx, then unhealthy hosts. */
  public readonly rollbackAlarms: cloudwatch.IAlarm[];
  /** Topic of the alarms and failed deployments (given or created). */
  public readonly notificationTopic: sns.ITopic;
  /**
   * The former name of `notificationTopic`.
   * @deprecated use `notificationTopic`
   */
  public readonly alarmTopic: sns.ITopic;
  /** Bucket of the access logs, if access logs are on. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** How the load balancer is protected by AWS WAF. */
  public readonly waf: WafSetting;
  /** The web ACL made for the load balancer, with `WafSetting.managed()`. */
  public readonly webAcl?: LoadBalancerWebAcl;
  /** Why the load balancer listens on HTTP only, if it does and a reason was given. */
  public readonly httpOnlyReason?: string;

  /** The service configuration with its defaults applied. */
  private readonly config: ResolvedServiceConfig;
  private readonly names: ResourceNames;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    super(scope, id);
    this.config = ServiceConfigs.resolve(props.naming, props.service);
    this.names = ResourceNames.of(props.naming);
    this.appName = this.config.appName;
    this.ssmPath = this.config.ssmPath;
    this.timeToHealthy = timeToHealthy(this.config.healthCheck);
    this.deregistrationDelay = Duration.seconds(this.config.deregistrationDelaySeconds);
    const problems = serviceProblems(props);
    if (problems.length > 0) {
      throw new Error(
        `Invalid ${this.constructor.name} "${this.config.appName}" in environment "${props.naming.environment}":\n  - ${problems.join('\n  - ')}`,
      );
    }
    const { naming } = props;
    const { names, config } = this;
    const app = config.appName;
    const prefix = names.resourcePrefix(app);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.waf = props.waf ?? WafSetting.managed();
    this.httpOnlyReason = props.httpOnlyReason;

    const groups = createSecurityGroups(this, {
      vpc: props.vpc,
      resourcePrefix: prefix,
      appName: app,
      port: config.port,
      https: props.certificateArn !== undefined,
      allowSshFromVpc: props.allowSshFromVpc ?? true,
    });
    this.loadBalancerSecurityGroup = groups.loadBalancer;
    this.instanceSecurityGroup = groups.instances;
    this.securityGroups = [groups.loadBalancer, groups.instances];

    const lb = createLoadBalancer(this, {
      vpc: props.vpc,
      config,
      securityGroup: groups.loadBalancer,
      deletionProtection: props.deletionProtection ?? false,
      certificateArn: props.certificateArn,
      httpOnlyReason: props.httpOnlyReason,
      accessLogs: props.accessLogs ?? true,
      accessLogsBucket: props.accessLogsBucket,
    });
    this.loadBalancer = lb.loadBalancer;
    this.loadBalancerDnsName = lb.loadBalancer.loadBalancerDnsName;
    this.targetGroup = lb.targetGroup;
    this.listener = lb.listener;
    this.accessLogsBucket = lb.accessLogsBucket;

    const logEncryption = LogEncryption.of(this);
    this.applicationLogGroup = logEncryption.logGroup(this, 'ApplicationLogs', {
      logGroupName: names.applicationLogGroupName(app),
      retention,
    });
    this.deploymentLogGroup = logEncryption.logGroup(this, 'DeploymentLogs', {
      logGroupName: names.deploymentLogGroupName(app),
      retention,
    });
    this.logGroups = [this.applicationLogGroup, this.deploymentLogGroup];

    this.instanceRole = createInstanceRole(this, {
      resourcePrefix: prefix,
      ssmPath: config.ssmPath,
      logGroups: this.logGroups,
    });
    this.launchTemplate = createLaunchTemplate(this, {
      instanceType: config.instanceType,
      role: this.instanceRole,
      securityGroup: groups.instances,
      userData: renderUserData({
        naming,
        config,
        region: Stack.of(this).region,
        applicationLogGroupName: names.applicationLogGroupName(app),
        deploymentLogGroupName: names.deploymentLogGroupName(app),
      }),
    });
    if (props.artifactBucket) {
      this.grantArtifactRead(props.artifactBucket);
    }

    this.application = new codedeploy.ServerApplication(this, 'Application', {
      applicationName: names.codeDeployApplicationName(app),
    });
    this.codeDeployServiceRole = createCodeDeployServiceRole(
      this,
      prefix,
      this.launchTemplate,
      this.instanceRole,
    );
    this.notificationTopic =
      props.notificationTopic ??
      props.alarmTopic ??
      NotificationTopic.create(this, 'AlarmTopic', { topicName: names.alarmTopicName(app) });
    this.alarmTopic = this.notificationTopic;
    if (props.alarmEmail) {
      this.notificationTopic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    }
    const rollbackAlarms = createRollbackAlarms(this, naming, app, this.targetGroup);
    this.rollbackAlarms = rollbackAlarms;
    this.webAcl = protectLoadBalancer(this, {
      loadBalancer: this.loadBalancer,
      waf: this.waf,
      names,
      appName: app,
    });

    this.fleet = new Fleet(this, 'Fleet', {
      naming,
      service: props.service,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate: this.launchTemplate,
      targetGroup: this.targetGroup,
      application: this.application,
      serviceRole: this.codeDeployServiceRole,
      rollbackAlarms,
      instanceRole: this.instanceRole,
      // no notificationTopic: the fleet's alarms reach the topic through the readable alarm rule
    });
    this.deploymentGroup = this.fleet.deploymentGroup;

    createNotificationRules(this, {
      naming,
      appName: app,
      topic: this.notificationTopic,
      deploymentGroupName: this.fleet.deploymentGroupName,
      alarms: [
        ...rollbackAlarms,
        this.fleet.handlerErrorsAlarm,
        this.fleet.failedRunsAlarm,
        ...(this.webAcl ? [this.webAcl.blockedRequestsAlarm] : []),
      ],
      alarmNames: [
        names.targetErrorsAlarmName(app),
        names.unhealthyHostsAlarmName(app),
        names.fleetErrorsAlarmName(app),
        names.fleetFailedRunsAlarmName(app),
        ...(this.webAcl ? [names.webAclBlockedAlarmName(app)] : []),
      ],
    });

    // Every role of the service and its fleet keeps its own inline least-privilege policy.
    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy');

    this.loadBalancerDnsNameOutput = new CfnOutput(this, 'LoadBalancerDnsNameOutput', {
      description: `DNS name of the ${app} load balancer`,
      value: this.loadBalancerDnsName,
    });
    new CfnOutput(this, 'DeploymentGroupNameOutput', {
      description: `CodeDeploy blue/green deployment group of ${app}`,
      value: this.deploymentGroup.deploymentGroupName,
    });
  }

  /**
   * Lets the instances read the objects of a bucket (the pipeline's artifact bucket, where the
   * CodeDeploy revisions are), and decrypt them with the bucket's KMS key if it has one.
   */
  public grantArtifactRead(bucket: s3.IBucket): void {
    grantObjectRead(this.instanceRole, bucket);
  }
}
