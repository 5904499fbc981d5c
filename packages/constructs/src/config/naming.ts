import { validateName } from './rules';

/** Identity of one deployment of the project: every resource name is built from it. */
export interface NamingProps {
  /**
   * Project name, first part of every resource name.
   * Lowercase letters, digits and hyphens, starting with a letter.
   */
  readonly projectName: string;

  /**
   * Environment name (`dev`, `staging`, `production`, ...).
   * Lowercase letters, digits and hyphens, starting with a letter; must not start with `aws` or `ssm`
   * (SSM Parameter Store reserves those prefixes).
   */
  readonly environment: string;

  /**
   * The project's name as people write it, in type names and messages (`Custom::<title>Fleet`).
   * Letters and digits, starting with a letter.
   * @default - projectName in PascalCase (`acme-shop` gives `AcmeShop`)
   */
  readonly projectTitle?: string;

  /**
   * The command people run to investigate a deployment (`<command> why <env> <app> <id>`,
   * `<command> status <env> [app]`), shown in every notification, e.g. `npx acme-ops`.
   * @default - notifications show the AWS CLI command instead (`aws deploy get-deployment ...`)
   */
  readonly operationsCommand?: string;
}

/** Which way a CPU scaling policy moves the group. */
export enum ScalingDirection {
  /** Adds an instance when CPU is above the threshold. */
  UP = 'up',
  /** Removes an instance when CPU is below the threshold. */
  DOWN = 'down',
}

/**
 * The one place that builds every name of the project: target groups, load balancers, scaling
 * policies, SSM paths, log groups, CodeDeploy groups and resource prefixes.
 *
 * Names do not depend on construct paths, so they stay the same when code moves.
 *
 * @example
 * const naming = new Naming({ projectName: 'acme', environment: 'prod' });
 * naming.projectTitle; // 'Acme'
 * naming.tagKey('fleet'); // 'acme:fleet'
 */
export class Naming {
  /** Maximum length of an ALB or target group name (Elastic Load Balancing limit). */
  public static readonly MAX_ELB_NAME_LENGTH = 32;

  public readonly projectName: string;
  public readonly environment: string;
  /** The project's name as people write it (see NamingProps.projectTitle). */
  public readonly projectTitle: string;
  /** The command shown in notifications (see NamingProps.operationsCommand), if any. */
  public readonly operationsCommand?: string;

  constructor(props: NamingProps) {
    const problems = [
      ...validateName('projectName', props.projectName),
      ...validateName('environment', props.environment, { reservedPrefixes: ['aws', 'ssm'] }),
    ];
    if (props.projectTitle !== undefined && !/^[A-Za-z][A-Za-z0-9]{0,59}$/.test(props.projectTitle)) {
      problems.push(
        `projectTitle must be 1 to 60 letters and digits starting with a letter (e.g. "AcmeShop"), got "${props.projectTitle}"`,
      );
    }
    if (problems.length > 0) {
      throw new Error(`Invalid naming: ${problems.join('; ')}`);
    }
    this.projectName = props.projectName;
    this.environment = props.environment;
    this.projectTitle = props.projectTitle ?? pascalCase(props.projectName);
    this.operationsCommand = props.operationsCommand?.trim() || undefined;
  }

  /**
   * `${projectName}:${name}`: the key of a tag this library sets (e.g. `acme:fleet`); tags of one
   * project never collide with another's.
   */
  public tagKey(name: string): string {
    return `${this.projectName}:${name}`;
  }

  /** `${projectName}-${environment}-${appName}`: the prefix of every resource name of one app. */
  public resourcePrefix(appName: string): string {
    return `${this.projectName}-${this.environment}-${appName}`;
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

  /** `/${environment}/${appName}/`: the SSM Parameter Store path of an app (no project prefix). */
  public ssmPath(appName: string): string {
    return `/${this.environment}/${appName}/`;
  }

  /** `/${environment}/${appName}/${parameterName}`: the full name of one parameter. */
  public ssmParameterName(appName: string, parameterName: string): string {
    return `${this.ssmPath(appName)}${parameterName}`;
  }

  /** CloudWatch log group of an app's process output (PM2 logs). */
  public applicationLogGroupName(appName: string): string {
    return `/${this.projectName}/${this.environment}/${appName}/application`;
  }

  /** CloudWatch log group of the CodeDeploy agent and hook output. */
  public deploymentLogGroupName(appName: string): string {
    return `/${this.projectName}/${this.environment}/${appName}/deployment`;
  }

  /** CloudWatch log group of an app's fleet handler (the reconcile Lambda). */
  public fleetHandlerLogGroupName(appName: string): string {
    return `/${this.projectName}/${this.environment}/${appName}/fleet-handler`;
  }

  /** CloudWatch log group of the custom resource provider framework in front of an app's fleet handler. */
  public fleetProviderLogGroupName(appName: string): string {
    return `/${this.projectName}/${this.environment}/${appName}/fleet-provider`;
  }

  /** CloudWatch log group of the environment's VPC flow logs. */
  public flowLogGroupName(): string {
    return `/${this.projectName}/${this.environment}/vpc/flow-logs`;
  }

  /** CloudWatch log group of the environment's CodeBuild project. */
  public buildLogGroupName(): string {
    return `/${this.projectName}/${this.environment}/pipeline/build`;
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
    return `${this.projectName}-${this.environment}-pipeline`;
  }

  /** Stack name of an environment, so several environments coexist in one account. */
  public stackName(): string {
    return `${this.projectName}-${this.environment}`;
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
    return `${this.projectName}-${this.environment}-notifications`;
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
    return `${this.projectName}-${this.environment}-build`;
  }

  /** CodeConnections (GitHub App) connection of the environment (at most 32 characters, checked by the pipeline). */
  public sourceConnectionName(): string {
    return `${this.projectName}-${this.environment}-github`;
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

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
