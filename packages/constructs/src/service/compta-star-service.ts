import { CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeWildcard } from './nag';
import { renderUserData } from './user-data';
import { LoadBalancerWebAcl, WafSetting } from './web-acl';
import { launchFromTemplateStatements } from '../common/launch-permissions';
import { LogEncryption } from '../common/log-encryption';
import { acknowledgeNist, acknowledgeNistWithReason, NIST_HTTP_REDIRECT_REASON } from '../common/nist';
import { Naming } from '../config/naming';
import { ResolvedServiceConfig, ServiceConfig, ServiceConfigs } from '../config/service-config';
import { Fleet } from '../fleet/fleet';
import { alarmMessage, deploymentMessage, NotificationKind } from '../notifications/messages';

/** Properties of a `ComptaStarService`. */
export interface ComptaStarServiceProps {
  /** Project and environment: every resource name is built from it. */
  readonly naming: Naming;

  /** The app's configuration (`appName` plus overrides); resolved and validated with `ServiceConfigs.resolve`. */
  readonly service: ServiceConfig;

  /** VPC with public subnets (load balancer) and private subnets with egress (instances). */
  readonly vpc: ec2.IVpc;

  /**
   * ACM certificate ARN (`arn:aws:acm:<region>:<account>:certificate/<id>`). When set, a 443
   * listener with a TLS 1.2+ policy does the routing and port 80 redirects to HTTPS.
   * @default - HTTP only: the port 80 listener does the routing
   */
  readonly certificateArn?: string;

  /**
   * Why the load balancer listens on HTTP only, when there is no `certificateArn`. Recorded as the
   * acknowledgement of cdk-nag's HTTPS rules (`NIST.800.53.R5-ALBHttpToHttpsRedirection`,
   * `NIST.800.53.R5-ELBv2ACMCertificateRequired`). Not allowed together with `certificateArn`.
   * @default - no reason recorded: HTTP only without a certificate, reported by cdk-nag's NIST pack
   */
  readonly httpOnlyReason?: string;

  /**
   * AWS WAF on the load balancer: `WafSetting.managed()` (a web ACL with AWS managed rule groups,
   * a rate-based rule, metrics and a blocked-requests alarm to the alarm topic),
   * `WafSetting.fromWebAclArn(arn)` (your own web ACL) or `WafSetting.off(reason)`.
   * @default WafSetting.managed()
   */
  readonly waf?: WafSetting;

  /**
   * Protects the load balancer from deletion (turn it on for production).
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * Writes the load balancer's access logs to S3.
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * Bucket of the access logs (S3-managed encryption only: ELB cannot write to KMS-encrypted buckets).
   * The logs go under the prefix `<appName>/`.
   * @default - a new bucket: S3-managed encryption, SSL only, public access blocked, logs expire after 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Allows SSH (port 22) to the instances from the VPC's CIDR. Session Manager works either way.
   * @default true
   */
  readonly allowSshFromVpc?: boolean;

  /**
   * Topic that receives the rollback alarms and deployment failures.
   * @default - a new topic encrypted with a new KMS key (rotation on), SSL-only publishing
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;

  /**
   * The pipeline's artifact bucket: the instances may read its objects (CodeDeploy revisions).
   * Without it, call `grantArtifactRead(bucket)` later (the pipeline does).
   * @default - no artifact read access until `grantArtifactRead` is called
   */
  readonly artifactBucket?: s3.IBucket;

  /**
   * Retention of the application and deployment log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Root volume of every instance. */
const ROOT_VOLUME_GIB = 20;
/** Days the default access log bucket keeps the logs. */
const ACCESS_LOG_EXPIRATION_DAYS = 90;
/** Priority of the forwarding rule of the app's path pattern. */
const FORWARD_RULE_PRIORITY = 10;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[a-f0-9-]+$/;
/** Days an overwritten or deleted access log object is kept (the log bucket is versioned). */
const NONCURRENT_LOG_VERSION_DAYS = 30;

/**
 * One application (api or web) of the ComptaStar monorepo, running on EC2 behind its own
 * internet-facing Application Load Balancer and deployed blue/green by CodeDeploy.
 *
 * It creates the load balancer, target group and listeners, the security groups, the launch
 * template (Amazon Linux 2023, IMDSv2, encrypted gp3, CloudWatch and CodeDeploy agents), a
 * least-privilege instance role, the CodeDeploy application and service role, the `Fleet` that
 * owns the Auto Scaling group across deployments, the log groups, the rollback alarms and a
 * notification of failed deployments.
 */
export class ComptaStarService extends Construct {
  /** The resolved configuration (defaults applied, names built). */
  public readonly config: ResolvedServiceConfig;
  /** The internet-facing load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** DNS name of the load balancer. */
  public readonly loadBalancerDnsName: string;
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
  /** Topic of the alarms and failed deployments. */
  public readonly alarmTopic: sns.ITopic;
  /** Bucket of the access logs, if access logs are on. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** How the load balancer is protected by AWS WAF. */
  public readonly waf: WafSetting;
  /** The web ACL made for the load balancer, with `WafSetting.managed()`. */
  public readonly webAcl?: LoadBalancerWebAcl;
  /** Why the load balancer listens on HTTP only, if it does and a reason was given. */
  public readonly httpOnlyReason?: string;

  private readonly naming: Naming;
  private readonly vpc: ec2.IVpc;

  constructor(scope: Construct, id: string, props: ComptaStarServiceProps) {
    super(scope, id);
    this.naming = props.naming;
    this.vpc = props.vpc;
    this.config = ServiceConfigs.resolve(props.naming, props.service);
    this.validate(props);
    const { naming, config, vpc } = this;
    const app = config.appName;
    const accessLogs = props.accessLogs ?? true;
    const allowSsh = props.allowSshFromVpc ?? true;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.waf = props.waf ?? WafSetting.managed();
    this.httpOnlyReason = props.httpOnlyReason;

    // -- security groups ---------------------------------------------------------------------
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: `${naming.resourcePrefix(app)} load balancer: HTTP(S) from the internet`,
      allowAllOutbound: false,
    });
    this.instanceSecurityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc,
      description: `${naming.resourcePrefix(app)} instances: app port from the load balancer`,
      allowAllOutbound: true,
    });
    this.securityGroups = [this.loadBalancerSecurityGroup, this.instanceSecurityGroup];
    this.loadBalancerSecurityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(80),
      'HTTP from the internet',
    );
    if (props.certificateArn) {
      this.loadBalancerSecurityGroup.addIngressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(443),
        'HTTPS from the internet',
      );
    }
    this.loadBalancerSecurityGroup.connections.allowTo(
      this.instanceSecurityGroup,
      ec2.Port.tcp(config.port),
      `Load balancer to ${app} on its port`,
    );
    if (allowSsh) {
      this.instanceSecurityGroup.addIngressRule(
        ec2.Peer.ipv4(vpc.vpcCidrBlock),
        ec2.Port.tcp(22),
        'SSH from the VPC (management access)',
      );
      // cdk-nag cannot evaluate a CIDR that is a CloudFormation reference and reports an error.
      Validations.of(this.instanceSecurityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The only CIDR ingress is SSH from the VPC CIDR block (a reference cdk-nag cannot resolve), never 0.0.0.0/0 or ::/0.',
      });
      acknowledgeNist(
        this.instanceSecurityGroup,
        'NIST.800.53.R5-EC2RestrictedSSH',
        'NIST.800.53.R5-EC2RestrictedCommonPorts',
      );
    }
    Validations.of(this.loadBalancerSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The load balancer is the public entry point of the app: it must accept HTTP(S) from any IPv4 address.',
    });

    // -- load balancer, target group, listeners ------------------------------------------------
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      internetFacing: true,
      loadBalancerName: config.loadBalancerName,
      securityGroup: this.loadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection ?? false,
    });
    this.loadBalancerDnsName = this.loadBalancer.loadBalancerDnsName;
    if (!(props.deletionProtection ?? false)) {
      acknowledgeNist(this.loadBalancer, 'NIST.800.53.R5-ELBDeletionProtectionEnabled');
    }
    if (!props.certificateArn && props.httpOnlyReason) {
      acknowledgeNistWithReason(
        this.loadBalancer,
        'NIST.800.53.R5-ALBHttpToHttpsRedirection',
        props.httpOnlyReason,
      );
      acknowledgeNistWithReason(
        this.loadBalancer,
        'NIST.800.53.R5-ELBv2ACMCertificateRequired',
        props.httpOnlyReason,
      );
    }
    if (accessLogs) {
      this.accessLogsBucket = props.accessLogsBucket ?? this.createAccessLogsBucket();
      this.loadBalancer.logAccessLogs(this.accessLogsBucket, app);
    }

    const hc = config.healthCheck;
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      targetGroupName: config.targetGroupName,
      targetType: elbv2.TargetType.INSTANCE,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: config.port,
      deregistrationDelay: Duration.seconds(config.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: elbv2.Protocol.HTTP,
        path: hc.path,
        interval: Duration.seconds(hc.intervalSeconds),
        timeout: Duration.seconds(hc.timeoutSeconds),
        healthyThresholdCount: hc.healthyThreshold,
        unhealthyThresholdCount: hc.unhealthyThreshold,
        healthyHttpCodes: hc.matcher,
      },
    });
    this.listener = this.createListeners(props.certificateArn);
    this.listener.addTargetGroups('Forward', {
      priority: FORWARD_RULE_PRIORITY,
      conditions: [elbv2.ListenerCondition.pathPatterns([config.pathPattern])],
      targetGroups: [this.targetGroup],
    });

    // -- logs ----------------------------------------------------------------------------------
    const logEncryption = LogEncryption.of(this);
    const applicationLogGroup = logEncryption.logGroup(this, 'ApplicationLogs', {
      logGroupName: naming.applicationLogGroupName(app),
      retention,
    });
    const deploymentLogGroup = logEncryption.logGroup(this, 'DeploymentLogs', {
      logGroupName: naming.deploymentLogGroupName(app),
      retention,
    });
    this.applicationLogGroup = applicationLogGroup;
    this.deploymentLogGroup = deploymentLogGroup;
    this.logGroups = [applicationLogGroup, deploymentLogGroup];

    // -- instances -----------------------------------------------------------------------------
    const instanceRole = this.createInstanceRole();
    this.instanceRole = instanceRole;
    const instanceType = new ec2.InstanceType(config.instanceType);
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType:
          instanceType.architecture === ec2.InstanceArchitecture.ARM_64
            ? ec2.AmazonLinuxCpuType.ARM_64
            : ec2.AmazonLinuxCpuType.X86_64,
      }),
      instanceType,
      role: instanceRole,
      securityGroup: this.instanceSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(ROOT_VOLUME_GIB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            deleteOnTermination: true,
          }),
        },
      ],
      userData: renderUserData({
        naming,
        config,
        region: Stack.of(this).region,
        applicationLogGroupName: naming.applicationLogGroupName(app),
        deploymentLogGroupName: naming.deploymentLogGroupName(app),
      }),
    });
    if (props.artifactBucket) {
      this.grantArtifactRead(props.artifactBucket);
    }

    // -- CodeDeploy and the fleet ----------------------------------------------------------------
    this.application = new codedeploy.ServerApplication(this, 'Application', {
      applicationName: naming.codeDeployApplicationName(app),
    });
    this.codeDeployServiceRole = this.createCodeDeployServiceRole(instanceRole);

    const topic = props.alarmTopic ?? this.createAlarmTopic();
    this.alarmTopic = topic;
    if (props.alarmEmail) {
      topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    }
    this.rollbackAlarms = this.createRollbackAlarms();
    this.webAcl = this.protectLoadBalancer(this.waf);

    this.fleet = new Fleet(this, 'Fleet', {
      naming,
      config,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate: this.launchTemplate,
      targetGroup: this.targetGroup,
      application: this.application,
      serviceRole: this.codeDeployServiceRole,
      rollbackAlarms: this.rollbackAlarms,
      instanceRole,
      // no notificationTopic: the fleet's alarms reach the topic through the readable alarm rule
    });
    this.deploymentGroup = this.fleet.deploymentGroup;

    this.createNotificationRules(topic);

    // Every role of the service and its fleet keeps its own inline least-privilege policy.
    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy');

    new CfnOutput(this, 'LoadBalancerDnsNameOutput', {
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
    const objects = bucket.arnForObjects('*');
    this.instanceRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [objects],
      }),
    );
    bucket.encryptionKey?.grantDecrypt(this.instanceRole);
    acknowledgeWildcard(
      this.instanceRole,
      'Resource',
      objects,
      'CodeDeploy revision object keys are generated by the pipeline for each run; read-only access to the objects of the artifact bucket only.',
    );
  }

  private validate(props: ComptaStarServiceProps): void {
    const problems: string[] = [];
    if (props.vpc.privateSubnets.length === 0) {
      problems.push(
        'vpc has no private subnets with egress (PRIVATE_WITH_EGRESS); the instances run in them and need outbound access for packages, SSM and CodeDeploy',
      );
    }
    if (props.vpc.publicSubnets.length === 0) {
      problems.push('vpc has no public subnets; the internet-facing load balancer runs in them');
    }
    const cert = props.certificateArn;
    if (cert !== undefined && !Token.isUnresolved(cert) && !ACM_CERTIFICATE_ARN.test(cert)) {
      problems.push(
        `certificateArn "${cert}" is not an ACM certificate ARN (expected arn:aws:acm:<region>:<account>:certificate/<id>)`,
      );
    }
    const email = props.alarmEmail;
    if (email !== undefined && !Token.isUnresolved(email) && !EMAIL.test(email)) {
      problems.push(`alarmEmail "${email}" is not an e-mail address`);
    }
    const waf = props.waf;
    if (waf?.kind === 'off' && !(waf.offReason ?? '').trim()) {
      problems.push('waf is WafSetting.off() without a reason; say why this load balancer needs no web ACL');
    }
    const aclArn = waf?.webAclArn;
    if (aclArn !== undefined && !Token.isUnresolved(aclArn) && !WEB_ACL_ARN.test(aclArn)) {
      problems.push(
        `waf web ACL ARN "${aclArn}" is not a regional WAFv2 web ACL ARN (expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`,
      );
    }
    if (props.httpOnlyReason !== undefined && cert !== undefined) {
      problems.push(
        'httpOnlyReason is set together with certificateArn; remove httpOnlyReason (the listener is HTTPS)',
      );
    }
    if (props.httpOnlyReason !== undefined && !props.httpOnlyReason.trim()) {
      problems.push(
        'httpOnlyReason is empty; say why the load balancer listens on HTTP only, or set certificateArn',
      );
    }
    if (props.accessLogs === false && props.accessLogsBucket) {
      problems.push('accessLogsBucket is set but accessLogs is false; remove one of them');
    }
    if (problems.length > 0) {
      throw new Error(
        `Invalid ComptaStarService "${this.config.appName}" in environment "${props.naming.environment}":\n  - ${problems.join('\n  - ')}`,
      );
    }
  }

  private createListeners(certificateArn: string | undefined): elbv2.ApplicationListener {
    const notFound = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'text/plain',
      messageBody: 'Not Found',
    });
    if (!certificateArn) {
      return this.loadBalancer.addListener('HttpListener', {
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: 80,
        open: false,
        defaultAction: notFound,
      });
    }
    const redirect = this.loadBalancer.addListener('HttpListener', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    acknowledgeNistWithReason(
      redirect,
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      NIST_HTTP_REDIRECT_REASON,
    );
    return this.loadBalancer.addListener('HttpsListener', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      open: false,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultAction: notFound,
    });
  }

  /** Associates the chosen web ACL with the load balancer, or records why there is none. */
  private protectLoadBalancer(waf: WafSetting): LoadBalancerWebAcl | undefined {
    const app = this.config.appName;
    if (waf.kind === 'off') {
      acknowledgeNistWithReason(this.loadBalancer, 'NIST.800.53.R5-ALBWAFEnabled', waf.offReason!);
      return undefined;
    }
    if (waf.kind === 'arn') {
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.loadBalancer.loadBalancerArn,
        webAclArn: waf.webAclArn!,
      });
      return undefined;
    }
    return new LoadBalancerWebAcl(this, 'WebAcl', {
      loadBalancer: this.loadBalancer,
      webAclName: this.naming.webAclName(app),
      alarmName: this.naming.webAclBlockedAlarmName(app),
      logGroupName: this.naming.webAclLogGroupName(app),
      // no alarmTopic: the blocked-requests alarm reaches the topic through the readable alarm rule
      options: waf.managedOptions,
    });
  }

  private createAccessLogsBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(ACCESS_LOG_EXPIRATION_DAYS),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_LOG_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    acknowledgeNist(
      bucket,
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
    );
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket only receives the load balancer access logs; logging access to it would need another log bucket for no audit gain (writes come from the ELB service only).',
    });
    return bucket;
  }

  /** The instance role: least privilege, every wildcard explained. */
  private createInstanceRole(): iam.Role {
    const { naming, config } = this;
    const app = config.appName;
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `${naming.resourcePrefix(app)} instances: own parameters, own logs, artifacts, Session Manager`,
    });

    // `/dev/api/` -> parameter/dev/api (the path itself, for GetParametersByPath) and parameter/dev/api/*
    const path = naming.ssmPath(app).replace(/^\/+|\/+$/g, '');
    const pathArn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: path });
    const parametersArn = stack.formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: `${path}/*`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOwnParameters',
        actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
        resources: [pathArn, parametersArn],
      }),
    );
    const anyKey = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptParametersViaSsm',
        actions: ['kms:Decrypt'],
        resources: [anyKey],
        conditions: { StringEquals: { 'kms:ViaService': `ssm.${stack.region}.amazonaws.com` } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: this.logGroups.map((group) => group.logGroupArn),
      }),
    );
    // The Session Manager actions of AmazonSSMManagedInstanceCore without its ssm:GetParameter(s)
    // on every parameter, which would let one app read another's secrets.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SessionManager',
        actions: [
          'ssm:UpdateInstanceInformation',
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
        ],
        resources: ['*'],
      }),
    );

    acknowledgeWildcard(
      role,
      'Resource',
      parametersArn,
      `The app reads every parameter under its own SSM path ${naming.ssmPath(app)} (names come from the app's .env.example); no other path.`,
    );
    acknowledgeWildcard(
      role,
      'Resource',
      anyKey,
      'SecureString parameters may use the aws/ssm key or a customer key; kms:Decrypt is only allowed through SSM (kms:ViaService condition) and SSM only decrypts the parameters the path statement allows.',
    );
    acknowledgeWildcard(
      role,
      'Resource',
      '*',
      'Session Manager: ssmmessages channel actions and ssm:UpdateInstanceInformation support no useful resource-level scoping (AWS Session Manager minimal instance policy).',
    );
    return role;
  }

  private createCodeDeployServiceRole(instanceRole: iam.IRole): iam.Role {
    const stack = Stack.of(this);
    const managed = iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRole');
    const role = new iam.Role(this, 'CodeDeployServiceRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: `${this.naming.resourcePrefix(this.config.appName)}: CodeDeploy blue/green with a launch template`,
      managedPolicies: [managed],
    });
    // Copying a group that uses a launch template (CodeDeploy user guide, service role).
    launchFromTemplateStatements(stack, this.launchTemplate, 'CodeDeploy').forEach((st) =>
      role.addToPrincipalPolicy(st),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PassInstanceRole',
        actions: ['iam:PassRole'],
        resources: [instanceRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRole]',
      reason:
        'AWSCodeDeployRole is the service role policy AWS defines for CodeDeploy on EC2/Auto Scaling and keeps current.',
    });
    acknowledgeWildcard(
      role,
      'Resource',
      '*',
      'RunInstances touches instances, volumes, network interfaces and the AMI, whose ids are not known in advance; it is limited to this service launch template (ec2:LaunchTemplate) and CreateTags to RunInstances (ec2:CreateAction).',
    );
    return role;
  }

  private createAlarmTopic(): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `${this.naming.alarmTopicName(this.config.appName)} topic encryption`,
      enableKeyRotation: true,
    });
    // EventBridge and CloudWatch publish to the encrypted topic with this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmPublishers',
        principals: [
          new iam.ServicePrincipal('events.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return new sns.Topic(this, 'AlarmTopic', {
      topicName: this.naming.alarmTopicName(this.config.appName),
      masterKey: key,
      enforceSSL: true,
    });
  }

  private createRollbackAlarms(): cloudwatch.Alarm[] {
    const { naming, config } = this;
    const app = config.appName;
    const minute = Duration.minutes(1);
    const errors = new cloudwatch.Alarm(this, 'TargetErrorsAlarm', {
      alarmName: naming.targetErrorsAlarmName(app),
      alarmDescription: `${app}: 5 or more 5xx responses from the targets in each of 2 consecutive minutes (a deployment running now is stopped and rolled back)`,
      metric: this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: minute,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unhealthy = new cloudwatch.Alarm(this, 'UnhealthyHostsAlarm', {
      alarmName: naming.unhealthyHostsAlarmName(app),
      alarmDescription: `${app}: at least one unhealthy target for 2 consecutive minutes (a deployment running now is stopped and rolled back)`,
      metric: this.targetGroup.metrics.unhealthyHostCount({
        period: minute,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return [errors, unhealthy];
  }

  /**
   * Readable notifications to the topic (src/notifications/messages.ts): failed and stopped deployments
   * of this app (CodeDeploy state FAILURE, STOP) and its rollback alarms entering ALARM, each one line
   * with the `npx comptastar` command to run, then the event's fields. The alarms have no SNS action
   * of their own: CloudWatch's message could not carry the environment, the app or the command.
   */
  /**
   * Names of every alarm of the app: the rollback alarms, the fleet's (handler errors, failed runs)
   * and the web ACL's blocked requests. They reach the topic through the alarm rule alone (one
   * readable line), so none has an SNS action of its own.
   */
  private notifiedAlarmNames(): string[] {
    const { naming } = this;
    const app = this.config.appName;
    const alarms = [
      ...(this.rollbackAlarms as cloudwatch.Alarm[]),
      this.fleet.handlerErrorsAlarm,
      this.fleet.failedRunsAlarm,
      ...(this.webAcl ? [this.webAcl.blockedRequestsAlarm] : []),
    ];
    for (const alarm of alarms) {
      acknowledgeNist(alarm, 'NIST.800.53.R5-CloudWatchAlarmAction');
    }
    return [
      naming.targetErrorsAlarmName(app),
      naming.unhealthyHostsAlarmName(app),
      naming.fleetErrorsAlarmName(app),
      naming.fleetFailedRunsAlarmName(app),
      ...(this.webAcl ? [naming.webAclBlockedAlarmName(app)] : []),
    ];
  }

  private createNotificationRules(topic: sns.ITopic): void {
    const { naming } = this;
    const app = this.config.appName;
    const deploymentRule = (
      id: string,
      ruleName: string,
      state: string,
      kind: NotificationKind.DEPLOYMENT_FAILED | NotificationKind.DEPLOYMENT_STOPPED,
    ) =>
      new events.Rule(this, id, {
        ruleName,
        description: `${state} CodeDeploy deployments of ${naming.resourcePrefix(app)} to the notification topic`,
        eventPattern: {
          source: ['aws.codedeploy'],
          detailType: ['CodeDeploy Deployment State-change Notification'],
          detail: {
            state: [state],
            application: [naming.codeDeployApplicationName(app)],
            deploymentGroup: [this.fleet.deploymentGroupName],
          },
        },
        targets: [new eventsTargets.SnsTopic(topic, { message: deploymentMessage(naming, app, kind) })],
      });
    deploymentRule(
      'DeploymentFailed',
      naming.deploymentFailureRuleName(app),
      'FAILURE',
      NotificationKind.DEPLOYMENT_FAILED,
    );
    deploymentRule(
      'DeploymentStopped',
      naming.deploymentStoppedRuleName(app),
      'STOP',
      NotificationKind.DEPLOYMENT_STOPPED,
    );
    new events.Rule(this, 'AlarmNotification', {
      ruleName: naming.alarmNotificationRuleName(app),
      description: `Alarms of ${naming.resourcePrefix(app)} (rollback, fleet, WAF) entering ALARM to the notification topic`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: this.notifiedAlarmNames(),
          state: { value: ['ALARM'] },
        },
      },
      targets: [new eventsTargets.SnsTopic(topic, { message: alarmMessage(naming, app) })],
    });
  }
}
