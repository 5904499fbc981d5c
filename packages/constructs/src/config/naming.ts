import { ResourceNames } from './resource-names';
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

/**
 * The names of one app's resources that operations tooling looks up (a status command, a runbook,
 * a dashboard): what `Naming.appResourceNames` returns.
 */
export interface AppResourceNames {
  /** The app's name. */
  readonly appName: string;
  /** CodeDeploy application (`${projectName}-${environment}-${appName}`). */
  readonly codeDeployApplication: string;
  /** CodeDeploy blue/green deployment group (its Auto Scaling group copies are named `CodeDeploy_<this>_<deploymentId>`). */
  readonly deploymentGroup: string;
  /** Target group of the app's load balancer (at most 32 characters). */
  readonly targetGroup: string;
  /** The app's Application Load Balancer (at most 32 characters). */
  readonly loadBalancer: string;
  /** Every CloudWatch alarm of the app starts with it (CPU scaling, rollback, fleet and WAF alarms). */
  readonly alarmPrefix: string;
  /** CloudWatch log group of the app's process output (PM2). */
  readonly applicationLogGroup: string;
  /** CloudWatch log group of the CodeDeploy agent, the hooks and the boot script. */
  readonly deploymentLogGroup: string;
  /** SSM Parameter Store path the app's instances read (`/${environment}/${appName}/`). */
  readonly ssmPath: string;
}

/**
 * The names of an environment's shared resources that operations tooling looks up: what
 * `Naming.environmentResourceNames` returns.
 */
export interface EnvironmentResourceNames {
  /** CloudFormation stack of the environment (`${projectName}-${environment}`). */
  readonly stack: string;
  /** CodePipeline of the environment. */
  readonly pipeline: string;
  /** CodeBuild project of the pipeline's build stage. */
  readonly buildProject: string;
  /** SNS topic shared by the environment's apps and pipeline (alarms, failed deployments and builds). */
  readonly notificationTopic: string;
  /** CodeConnections (GitHub App) connection the pipeline creates when none is given. */
  readonly sourceConnection: string;
}

/**
 * The identity of one environment of a project, from which this library builds every resource
 * name (load balancers, target groups, CodeDeploy groups, alarms, log groups, SSM paths, tags).
 *
 * Names do not depend on construct paths, so they stay the same when code moves. The builders of
 * each resource name are internal; what a user of the library needs is public: the stack name,
 * the SSM path of an app, the tag keys, and the names operations tooling looks up
 * (`appResourceNames`, `environmentResourceNames`).
 *
 * @example
 * const naming = new Naming({ projectName: 'acme', environment: 'prod' });
 * naming.projectTitle; // 'Acme'
 * naming.tagKey('fleet'); // 'acme:fleet'
 * naming.ssmPath('backend'); // '/prod/backend/'
 * naming.appResourceNames('backend').deploymentGroup; // 'acme-prod-backend-bg'
 */
export class Naming {
  /** Project name, first part of every resource name (see NamingProps.projectName). */
  public readonly projectName: string;
  /** Environment name (see NamingProps.environment). */
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

  /** `/${environment}/${appName}/`: the SSM Parameter Store path of an app (no project prefix). */
  public ssmPath(appName: string): string {
    return `/${this.environment}/${appName}/`;
  }

  /** `/${environment}/${appName}/${parameterName}`: the full name of one parameter. */
  public ssmParameterName(appName: string, parameterName: string): string {
    return `${this.ssmPath(appName)}${parameterName}`;
  }

  /** Stack name of an environment, so several environments coexist in one account. */
  public stackName(): string {
    return `${this.projectName}-${this.environment}`;
  }

  /** The names of one app's resources, for operations tooling (see `AppResourceNames`). */
  public appResourceNames(appName: string): AppResourceNames {
    const names = ResourceNames.of(this);
    return {
      appName,
      codeDeployApplication: names.codeDeployApplicationName(appName),
      deploymentGroup: names.deploymentGroupName(appName),
      targetGroup: names.targetGroupName(appName),
      loadBalancer: names.loadBalancerName(appName),
      alarmPrefix: names.alarmNamePrefix(appName),
      applicationLogGroup: names.applicationLogGroupName(appName),
      deploymentLogGroup: names.deploymentLogGroupName(appName),
      ssmPath: this.ssmPath(appName),
    };
  }

  /** The names of the environment's shared resources, for operations tooling (see `EnvironmentResourceNames`). */
  public environmentResourceNames(): EnvironmentResourceNames {
    const names = ResourceNames.of(this);
    return {
      stack: this.stackName(),
      pipeline: names.pipelineName(),
      buildProject: names.buildProjectName(),
      notificationTopic: names.notificationTopicName(),
      sourceConnection: names.sourceConnectionName(),
    };
  }
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
