import type { Naming } from './naming';

/** Which way a CPU scaling policy moves the group. */
export enum ScalingDirection {
  /** Adds an instance when CPU is above the threshold. */
  UP = 'up',
  /** Removes an instance when CPU is below the threshold. */
  DOWN = 'down',
}

/**
 * Every resource name the library builds beyond `Naming`'s public ones: target groups, load
 * balancers, scaling policies and alarms, log groups, CodeDeploy groups, rules and the fleet's own
 * names. Internal (not exported from the package): constructs build names here, users read them
 * through `Naming.appResourceNames` / `environmentResourceNames` or the constructs' properties.
 */
export class ResourceNames {
  /** The names of a project's environment; the one place a `ResourceNames` is made. */
  public static of(naming: Naming): ResourceNames {
    let names = ResourceNames.cache.get(naming);
    if (!names) {
      names = new ResourceNames(naming);
      ResourceNames.cache.set(naming, names);
    }
    return names;
  }

  private static readonly cache = new WeakMap<Naming, ResourceNames>();

  private constructor(public readonly naming: Naming) {}

  /** Every alarm of an app starts with it: `${projectName}-${environment}-${appName}-`. */
  public alarmNamePrefix(appName: string): string {
    return `${this.resourcePrefix(appName)}-`;
  }

  /** `${projectName}-${environment}-${appName}`: the prefix of every resource name of one app. */
  public resourcePrefix(appName: string): string {
    return `${this.naming.projectName}-${this.naming.environment}-${appName}`;
  }

  /** `${projectName}-${environment}-${appName}-tg` (at most 32 characters). */
  public targetGroupName(appName: string): string {
    return `${this.resourcePrefix(appName)}-tg`;
  }

  /** `${projectName}-${environment}-${appName}-lb` (at most 32 characters, as long as the target group name). */
  public loadBalancerName(appName: string): string {
    return `${this.resourcePrefix(appName)}-lb`;
  }

  /** `scale-up-70percent` / `scale-down-30percent`: the threshold is part of the name. */
  public scalingPolicyName(direction: ScalingDirection, cpuThresholdPercent: number): string {
    return `scale-${direction}-${cpuThresholdPercent}percent`;
  }

  /** Name of the CPU alarm that triggers a scaling policy, unique per app and environment. */
  public scalingAlarmName(appName: string, direction: ScalingDirection, cpuThresholdPercent: number): string {
    return `${this.resourcePrefix(appName)}-cpu-${direction}-${cpuThresholdPercent}percent`;
  }

  /** CloudWatch log group of an app's process output (PM2 logs). */
  public applicationLogGroupName(appName: string): string {
    return `/${this.naming.projectName}/${this.naming.environment}/${appName}/application`;
  }

  /** CloudWatch log group of the CodeDeploy agent and hook output. */
  public deploymentLogGroupName(appName: string): string {
    return `/${this.naming.projectName}/${this.naming.environment}/${appName}/deployment`;
  }

  /** CloudWatch log group of an app's fleet handler (the reconcile Lambda). */
  public fleetHandlerLogGroupName(appName: string): string {
    return `/${this.naming.projectName}/${this.naming.environment}/${appName}/fleet-handler`;
  }

  /** CloudWatch log group of the custom resource provider framework in front of an app's fleet handler. */
  public fleetProviderLogGroupName(appName: string): string {
    return `/${this.naming.projectName}/${this.naming.environment}/${appName}/fleet-provider`;
  }

  /** CloudWatch log group of the environment's VPC flow logs. */
  public flowLogGroupName(): string {
    return `/${this.naming.projectName}/${this.naming.environment}/vpc/flow-logs`;
  }

  /** CloudWatch log group of the environment's CodeBuild project. */
  public buildLogGroupName(): string {
    return `/${this.naming.projectName}/${this.naming.environment}/pipeline/build`;
  }

  /**
   * AWS WAF web ACL of an app's load balancer; also its CloudWatch metric name (letters, digits,
   * hyphens and underscores).
   */
  public webAclName(appName: string): string {
    return `${this.resourcePrefix(appName)}-waf`;
  }

  /** CloudWatch log group of an app's web ACL (AWS WAF requires the `aws-waf-logs-` prefix). */
  public webAclLogGroupName(appName: string): string {
    return `aws-waf-logs-${this.resourcePrefix(appName)}`;
  }

  /** Alarm on the requests an app's web ACL blocked. */
  public webAclBlockedAlarmName(appName: string): string {
    return `${this.resourcePrefix(appName)}-waf-blocked`;
  }

  /** CodeDeploy application name of an app. */
  public codeDeployApplicationName(appName: string): string {
    return this.resourcePrefix(appName);
  }

  /** CodeDeploy deployment group name; CodeDeploy names its copies `CodeDeploy_<this>_<deploymentId>`. */
  public deploymentGroupName(appName: string): string {
    return `${this.resourcePrefix(appName)}-bg`;
  }

  /** Name of the first Auto Scaling group the fleet creates for an app. */
  public autoScalingGroupName(appName: string): string {
    return `${this.resourcePrefix(appName)}-asg`;
  }

  /** Name of the CodePipeline of the environment. */
  public pipelineName(): string {
    return `${this.naming.projectName}-${this.naming.environment}-pipeline`;
  }

  /** Id of an app's fleet: the value of the `<project>:fleet` tag on each of its Auto Scaling groups. */
  public fleetId(appName: string): string {
    return `${this.resourcePrefix(appName)}-fleet`;
  }

  /**
   * SSM parameter holding an app's fleet desired state, written by CloudFormation through the
   * fleet's custom resource: under `/fleet/`, outside every `ssmPath` (the instances never read
   * it), and never starting with the reserved `aws` or `ssm` whatever the project is called.
   */
  public fleetStateParameterName(appName: string): string {
    return `/fleet/${this.fleetId(appName)}/desired-state`;
  }

  /** Alarm on the errors of an app's fleet handler (a reconcile that failed). */
  public fleetErrorsAlarmName(appName: string): string {
    return `${this.fleetId(appName)}-errors`;
  }

  /** Alarm on the fleet's dead-letter queue (events whose reconcile failed all its retries). */
  public fleetFailedRunsAlarmName(appName: string): string {
    return `${this.fleetId(appName)}-failed-runs`;
  }

  /** Prefix of the Auto Scaling groups CodeDeploy creates for an app: `CodeDeploy_<deployment group>_`. */
  public codeDeployCopyGroupPrefix(appName: string): string {
    return `CodeDeploy_${this.deploymentGroupName(appName)}_`;
  }

  /** Prefix shared by every CPU alarm of an app (see `scalingAlarmName`). */
  public scalingAlarmNamePrefix(appName: string): string {
    return `${this.resourcePrefix(appName)}-cpu-`;
  }

  /** SNS topic that receives an app's alarms and deployment failures. */
  public alarmTopicName(appName: string): string {
    return `${this.resourcePrefix(appName)}-alarms`;
  }

  /** SNS topic shared by every app and the pipeline of an environment (alarms, failed deployments and builds). */
  public notificationTopicName(): string {
    return `${this.naming.projectName}-${this.naming.environment}-notifications`;
  }

  /** Alarm on the target group's 5xx responses; CodeDeploy rolls back while it is in ALARM. */
  public targetErrorsAlarmName(appName: string): string {
    return `${this.resourcePrefix(appName)}-target-5xx`;
  }

  /** Alarm on the target group's unhealthy hosts; CodeDeploy rolls back while it is in ALARM. */
  public unhealthyHostsAlarmName(appName: string): string {
    return `${this.resourcePrefix(appName)}-unhealthy-hosts`;
  }

  /** EventBridge rule that forwards an app's failed deployments to its alarm topic. */
  public deploymentFailureRuleName(appName: string): string {
    return `${this.resourcePrefix(appName)}-deploy-failed`;
  }

  /** EventBridge rule that reports an app's stopped deployments (an alarm, or a stop request) to the topic. */
  public deploymentStoppedRuleName(appName: string): string {
    return `${this.resourcePrefix(appName)}-deploy-stopped`;
  }

  /** EventBridge rule that reports an app's rollback alarms entering ALARM to the topic. */
  public alarmNotificationRuleName(appName: string): string {
    return `${this.resourcePrefix(appName)}-alarm`;
  }

  /** CodeBuild project of the environment's pipeline. */
  public buildProjectName(): string {
    return `${this.naming.projectName}-${this.naming.environment}-build`;
  }

  /** CodeConnections (GitHub App) connection of the environment (at most 32 characters, checked by the pipeline). */
  public sourceConnectionName(): string {
    return `${this.naming.projectName}-${this.naming.environment}-github`;
  }

  /** Pipeline artifact holding an app's CodeDeploy revision; also its buildspec `secondary-artifacts` identifier. */
  public revisionArtifactName(appName: string): string {
    return `${appName.replace(/-/g, '_')}_revision`;
  }

  /** CodeStar Notifications rule that reports failed executions of the pipeline. */
  public pipelineFailureRuleName(): string {
    return `${this.pipelineName()}-failed`;
  }

  /** CodeStar Notifications rule that reports failed builds. */
  public buildFailureRuleName(): string {
    return `${this.buildProjectName()}-failed`;
  }
}
