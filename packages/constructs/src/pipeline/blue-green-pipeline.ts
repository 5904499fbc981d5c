import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codeconnections from 'aws-cdk-lib/aws-codeconnections';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BUILD_ENV, BuildSpecApp, DEFAULT_PNPM_VERSION, KIT_DIR, renderBuildSpec } from './buildspec';
import { LogEncryption } from '../common/log-encryption';
import { acknowledgeNist } from '../common/nist';
import { Naming } from '../config/naming';
import { validateIntRange, validateName } from '../config/rules';
import { buildFailedMessage, pipelineFailedMessage } from '../notifications/messages';
import { InstanceLayout } from '../service/instance-layout';

/** Days an overwritten or deleted object version is kept (artifacts and access logs). */
const NONCURRENT_VERSION_DAYS = 7;
/** Days the artifacts bucket's access logs are kept. */
const ACCESS_LOG_DAYS = 90;

/** One app the pipeline builds and deploys. */
export interface PipelineAppTarget {
  /** Name of the app: its folder under `apps/` in the repository (`api`, `web`). */
  readonly appName: string;

  /** The app's blue/green deployment group (ComptaStarService.deploymentGroup). */
  readonly deploymentGroup: codedeploy.IServerDeploymentGroup;

  /**
   * The app's folder in the repository, relative to its root.
   * @default - `apps/${appName}`
   */
  readonly sourcePath?: string;
}

/** Properties of a BlueGreenPipeline. */
export interface BlueGreenPipelineProps {
  /** Names of the environment (the pipeline, project and connection names derive from it). */
  readonly naming: Naming;

  /** GitHub repository as `owner/name`, e.g. `comptastar/comptastar`. */
  readonly repository: string;

  /**
   * Branch whose pushes start the pipeline.
   * @default "main"
   */
  readonly branch?: string;

  /**
   * ARN of an existing CodeStar/CodeConnections connection (GitHub App) to use.
   * @default - a connection is created; it stays PENDING until activated once in the console
   */
  readonly connectionArn?: string;

  /** The apps to build and deploy, one CodeDeploy action each (at least one, each app once). */
  readonly apps: PipelineAppTarget[];

  /**
   * Topic that receives pipeline and build failures (share it with the services' deployment failures),
   * one readable line each (EventBridge rules). A topic defined in the app gets a policy letting
   * `events.amazonaws.com` publish; its KMS key, if any, must let `events.amazonaws.com` use it, and an
   * imported topic must already allow both.
   * @default - a KMS-encrypted topic is created
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Only pushes that change one of these paths (glob patterns) start the pipeline.
   * @default - every push to the branch
   */
  readonly filePathsIncludes?: string[];

  /**
   * Pushes that change only these paths (glob patterns) do not start the pipeline.
   * @default - none excluded
   */
  readonly filePathsExcludes?: string[];

  /**
   * Lint command; an empty string skips linting.
   * @default "pnpm run lint"
   */
  readonly lintCommand?: string;

  /**
   * Test command; an empty string skips testing.
   * @default "pnpm run test"
   */
  readonly testCommand?: string;

  /**
   * Build command, run before the revisions are bundled; an empty string skips it.
   * @default "pnpm run build"
   */
  readonly buildCommand?: string;

  /**
   * A buildspec file in the repository that replaces the generated one. It must write the
   * `secondary-artifacts` named `<app>_revision`; `KIT_DIR` and `DEPLOY_KIT_URL` are set.
   * @default - the generated buildspec
   */
  readonly buildSpecFile?: string;

  /**
   * pnpm version installed in the build (`npm install -g pnpm@<version>`).
   * @default "10.33.0"
   */
  readonly pnpmVersion?: string;

  /**
   * CodeBuild compute type.
   * @default ComputeType.MEDIUM (Next.js builds need more than the 3 GB of SMALL)
   */
  readonly computeType?: codebuild.ComputeType;

  /**
   * Minutes before a build is stopped (5 to 480).
   * @default 30
   */
  readonly buildTimeoutMinutes?: number;

  /**
   * Days before build artifacts and the build cache expire from the artifacts bucket (1 to 3650).
   * @default 30
   */
  readonly artifactRetentionDays?: number;

  /**
   * Folder of the deploy-hooks kit (`bin/deploy-hooks.cjs`, `hooks/`, ...) the build runs.
   * @default - the kit shipped inside this package (`assets/deploy-kit`)
   */
  readonly deployKitPath?: string;
}

/**
 * CI/CD of one environment: GitHub push → CodeBuild (Node.js 22, pnpm, lint, test, build,
 * one CodeDeploy revision per app) → one CodeDeploy blue/green action per app, in parallel.
 *
 * The instances download the revisions: grant them read access to `artifactBucket`
 * (`service.grantArtifactRead(pipeline.artifactBucket)`).
 */
export class BlueGreenPipeline extends Construct {
  /** The kit shipped in this package: `<package>/assets/deploy-kit` (this file sits in lib/pipeline/). */
  public static readonly DEFAULT_DEPLOY_KIT_PATH = path.join(__dirname, '..', '..', 'assets', 'deploy-kit');

  /** The pipeline (type V2). */
  public readonly pipeline: codepipeline.Pipeline;
  /** The CodeBuild project that lints, tests, builds and bundles the revisions. */
  public readonly project: codebuild.PipelineProject;
  /** Bucket of the pipeline artifacts (revisions) and the build cache. */
  public readonly artifactBucket: s3.IBucket;
  /** Key that encrypts the artifacts bucket, the build and the created topic. */
  public readonly artifactKey: kms.IKey;
  /** ARN of the GitHub connection (created or given). */
  public readonly connectionArn: string;
  /** Topic that receives the pipeline and build failures. */
  public readonly notificationTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: BlueGreenPipelineProps) {
    super(scope, id);
    const naming = props.naming;
    const branch = props.branch ?? 'main';
    const buildTimeoutMinutes = props.buildTimeoutMinutes ?? 30;
    const artifactRetentionDays = props.artifactRetentionDays ?? 30;
    const deployKitPath = props.deployKitPath ?? BlueGreenPipeline.DEFAULT_DEPLOY_KIT_PATH;

    const problems = [
      ...validateRepository(props.repository),
      ...validateBranch(branch),
      ...validateApps(props.apps ?? []),
      ...validateConnectionArn(props.connectionArn),
      ...validateIntRange('buildTimeoutMinutes', buildTimeoutMinutes, 5, 480, 'minutes'),
      ...validateIntRange('artifactRetentionDays', artifactRetentionDays, 1, 3650, 'days'),
      ...(props.connectionArn === undefined ? validateConnectionName(naming.sourceConnectionName()) : []),
      ...validateDeployKit(deployKitPath),
    ];
    if (problems.length > 0) {
      throw new Error(`Invalid BlueGreenPipeline props: ${problems.join('; ')}`);
    }
    const [owner, repo] = props.repository.split('/');
    const apps: BuildSpecApp[] = props.apps.map((app) => ({
      appName: app.appName,
      sourcePath: app.sourcePath ?? `apps/${app.appName}`,
      artifactName: naming.revisionArtifactName(app.appName),
    }));

    const key = new kms.Key(this, 'ArtifactKey', {
      description: `Artifacts, build and notifications of ${naming.pipelineName()}`,
      enableKeyRotation: true,
    });
    this.artifactKey = key;
    const bucket = new s3.Bucket(this, 'ArtifactBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-old-artifacts',
          expiration: Duration.days(artifactRetentionDays),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    this.artifactBucket = bucket;
    this.logAccessTo(bucket);
    acknowledgeNist(bucket, 'NIST.800.53.R5-S3BucketReplicationEnabled');
    // Every role of the pipeline keeps its own inline least-privilege policy (aws-cdk-lib grants).
    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy');

    this.notificationTopic = props.notificationTopic ?? this.createTopic(key);
    this.connectionArn = props.connectionArn ?? this.createConnection(naming);

    const kit = new s3assets.Asset(this, 'DeployKit', { path: deployKitPath });
    this.project = this.createProject(props, naming, apps, key, bucket, kit, buildTimeoutMinutes);

    const source = new codepipeline.Artifact('source');
    const revisions = apps.map((app) => new codepipeline.Artifact(app.artifactName));
    // The source action's role as aws-cdk-lib would create it, plus codeconnections:UseConnection:
    // connections created as AWS::CodeConnections::Connection have arn:aws:codeconnections: ARNs,
    // and the action only grants codestar-connections:UseConnection.
    const sourceRole = new iam.Role(this, 'SourceActionRole', { assumedBy: new iam.AccountRootPrincipal() });
    sourceRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['codeconnections:UseConnection'],
        resources: [this.connectionArn],
      }),
    );
    const sourceAction = new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHub',
      role: sourceRole,
      connectionArn: this.connectionArn,
      owner,
      repo,
      branch,
      output: source,
      triggerOnPush: true,
    });

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: naming.pipelineName(),
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: bucket,
      restartExecutionOnUpdate: false,
      stages: [
        { stageName: 'Source', actions: [sourceAction] },
        {
          stageName: 'Build',
          actions: [
            new actions.CodeBuildAction({
              actionName: 'Build',
              project: this.project,
              input: source,
              outputs: revisions,
            }),
          ],
        },
        {
          stageName: 'Deploy',
          actions: props.apps.map(
            (app, i) =>
              new actions.CodeDeployServerDeployAction({
                actionName: `Deploy-${app.appName}`,
                input: revisions[i],
                deploymentGroup: app.deploymentGroup,
                runOrder: 1,
              }),
          ),
        },
      ],
      triggers: [
        {
          providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
          gitConfiguration: {
            sourceAction,
            pushFilter: [
              {
                branchesIncludes: [branch],
                filePathsIncludes: props.filePathsIncludes,
                filePathsExcludes: props.filePathsExcludes,
              },
            ],
          },
        },
      ],
    });

    // Readable notifications (src/notifications/messages.ts) through EventBridge rules: CodeStar
    // Notifications rules send a fixed format that cannot carry the command to run.
    this.pipeline.onStateChange('PipelineFailed', {
      ruleName: naming.pipelineFailureRuleName(),
      description: `Failed executions of ${naming.pipelineName()} to the notification topic`,
      eventPattern: { detail: { state: ['FAILED'] } },
      target: new eventsTargets.SnsTopic(this.notificationTopic, { message: pipelineFailedMessage(naming) }),
    });
    this.project.onBuildFailed('BuildFailed', {
      ruleName: naming.buildFailureRuleName(),
      description: `Failed builds of ${naming.buildProjectName()} to the notification topic`,
      target: new eventsTargets.SnsTopic(this.notificationTopic, { message: buildFailedMessage(naming) }),
    });

    // The L2 makes the pipeline depend on its role and the role's policy; the role is already a
    // GetAtt dependency (cfn-lint W3005), so keep only the policy.
    const pipelinePolicy = this.pipeline.role.node.tryFindChild('DefaultPolicy') as iam.Policy;
    (this.pipeline.node.defaultChild as codepipeline.CfnPipeline).addOverride('DependsOn', [
      Stack.of(this).getLogicalId(pipelinePolicy.node.defaultChild as iam.CfnPolicy),
    ]);

    this.acknowledgeGrantWildcards(bucket, sourceRole);
  }

  /**
   * S3 server access logging of the artifacts bucket, granted with a bucket policy to the logging
   * service (logging.s3.amazonaws.com, limited to this source bucket and account), the method
   * the S3 user guide recommends over the log-delivery ACL ("Enabling Amazon S3 server access
   * logging"); aws-cdk-lib uses the ACL unless a feature flag is set in the app.
   */
  private logAccessTo(bucket: s3.Bucket): void {
    const logBucket = this.createAccessLogsBucket();
    const prefix = 'artifacts/';
    logBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogsPolicy',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [logBucket.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': bucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: logBucket.bucketName,
      logFilePrefix: prefix,
    };
  }

  /** The bucket of the artifacts bucket's S3 server access logs: SSE-S3, versioned, kept 90 days. */
  private createAccessLogsBucket(): s3.Bucket {
    const logBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(ACCESS_LOG_DAYS),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the server access logs of the artifacts bucket; logging it would need another log bucket.',
    });
    acknowledgeNist(
      logBucket,
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
    );
    return logBucket;
  }

  private createTopic(key: kms.Key): sns.ITopic {
    // The EventBridge rules' SnsTopic targets add the topic policy and the key grant for
    // events.amazonaws.com (aws-cdk-lib's SnsTopic target, for a topic with a KMS key).
    return new sns.Topic(this, 'NotificationTopic', { masterKey: key, enforceSSL: true });
  }

  private createConnection(naming: Naming): string {
    const connection = new codeconnections.CfnConnection(this, 'Connection', {
      connectionName: naming.sourceConnectionName(),
      providerType: 'GitHub',
    });
    new CfnOutput(this, 'ConnectionArnOutput', {
      description:
        'GitHub connection: PENDING until activated once in the console (Developer Tools > Settings > Connections > Update pending connection)',
      value: connection.attrConnectionArn,
    });
    return connection.attrConnectionArn;
  }

  private createProject(
    props: BlueGreenPipelineProps,
    naming: Naming,
    apps: BuildSpecApp[],
    key: kms.IKey,
    bucket: s3.IBucket,
    kit: s3assets.Asset,
    buildTimeoutMinutes: number,
  ): codebuild.PipelineProject {
    const buildSpec = props.buildSpecFile
      ? codebuild.BuildSpec.fromSourceFilename(props.buildSpecFile)
      : codebuild.BuildSpec.fromObject(
          renderBuildSpec({
            apps,
            environment: naming.environment,
            layout: InstanceLayout.of(naming),
            pnpmVersion: props.pnpmVersion ?? DEFAULT_PNPM_VERSION,
            lintCommand: props.lintCommand ?? 'pnpm run lint',
            testCommand: props.testCommand ?? 'pnpm run test',
            buildCommand: props.buildCommand ?? 'pnpm run build',
          }),
        );
    const logGroup = LogEncryption.of(this).logGroup(this, 'BuildLogs', {
      logGroupName: naming.buildLogGroupName(),
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const project = new codebuild.PipelineProject(this, 'Build', {
      projectName: naming.buildProjectName(),
      description: `Lint, test, build and bundle the CodeDeploy revisions of ${naming.pipelineName()}`,
      buildSpec,
      environment: {
        buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2023_5,
        computeType: props.computeType ?? codebuild.ComputeType.MEDIUM,
        privileged: false,
      },
      environmentVariables: {
        [BUILD_ENV.kitUrl]: { value: kit.s3ObjectUrl },
        [BUILD_ENV.kitDir]: { value: KIT_DIR },
      },
      encryptionKey: key,
      cache: codebuild.Cache.bucket(bucket, { prefix: 'build-cache' }),
      timeout: Duration.minutes(buildTimeoutMinutes),
      logging: { cloudWatch: { logGroup } },
    });
    // Only the kit's object, not the whole CDK assets bucket (Asset.grantRead would grant <bucket>/*).
    project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [kit.bucket.arnForObjects(kit.s3ObjectKey)],
      }),
    );
    // The parameter check lists names only. DescribeParameters supports no resource-level permission
    // (Service Authorization Reference, AWS Systems Manager: no resource type for DescribeParameters),
    // and returns no value; the role gets no ssm:GetParameter* and no kms:Decrypt for parameters.
    project.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:DescribeParameters'], resources: ['*'] }),
    );
    return project;
  }

  /**
   * cdk-nag IAM5, finding by finding: the action groups and object wildcards that aws-cdk-lib
   * grants write for the artifacts bucket and key, which no narrower grant can replace.
   */
  private acknowledgeGrantWildcards(bucket: s3.Bucket, sourceRole: iam.Role): void {
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
    const projectId = stack.resolve(
      stack.getLogicalId(this.project.node.defaultChild as codebuild.CfnProject),
    );
    const artifactGrants = [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} comes from grantRead/grantReadWrite on the pipeline's own artifacts bucket: the roles read and write revisions and the build cache there, and no other bucket.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        reason:
          'Artifact object keys are generated by CodePipeline per execution; the grant covers the objects of this bucket only.',
      },
      ...['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} on the artifact key only, needed to write KMS-encrypted artifacts (key grant written by aws-cdk-lib).`,
      })),
    ];
    // cdk-nag renders an unresolved account or region (an environment-agnostic stack) as <AWS::...>.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(this.pipeline).acknowledge(...artifactGrants);
    Validations.of(sourceRole).acknowledge(...artifactGrants);
    Validations.of(this.project).acknowledge(
      ...artifactGrants,
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/<${projectId}>:*]`,
        reason:
          "The log streams of the project's default log group, named per build by CodeBuild (aws-cdk-lib's project policy).",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ssm:DescribeParameters only (the pre-deploy parameter check lists names, never values): the action supports no resource-level permission.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/<${projectId}>-*]`,
        reason:
          "Test report groups of this project only, named <project>-<group> by CodeBuild (aws-cdk-lib's project policy).",
      },
    );
  }
}

function validateRepository(repository: string | undefined): string[] {
  if (
    typeof repository !== 'string' ||
    !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repository)
  ) {
    return [
      `repository must be "owner/name" (a GitHub owner and repository, e.g. "comptastar/comptastar"), got "${repository}"`,
    ];
  }
  return [];
}

function validateBranch(branch: string): string[] {
  if (branch.trim() === '') {
    return ['branch must not be empty (the branch whose pushes start the pipeline, e.g. "main")'];
  }
  // git check-ref-format, the parts that matter for a branch name.
  if (/[\s~^:?*[\\]|\.\.|@\{|^\/|\/$|\.lock$|^-/.test(branch)) {
    return [`branch "${branch}" is not a valid git branch name`];
  }
  return [];
}

function validateApps(apps: PipelineAppTarget[]): string[] {
  if (apps.length === 0) {
    return ['apps must list at least one app'];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const app of apps) {
    problems.push(...validateName('apps[].appName', app.appName));
    if (seen.has(app.appName)) {
      problems.push(
        `apps lists "${app.appName}" more than once: each app has one revision and one deploy action`,
      );
    }
    seen.add(app.appName);
  }
  return problems;
}

function validateConnectionArn(arn: string | undefined): string[] {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return [];
  }
  if (
    !/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/.test(
      arn,
    )
  ) {
    return [
      `connectionArn must be a CodeStar/CodeConnections connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id> or arn:aws:codeconnections:...), got "${arn}"`,
    ];
  }
  return [];
}

function validateConnectionName(name: string): string[] {
  if (name.length > 32) {
    return [
      `connection name "${name}" is ${name.length} characters; the maximum is 32. Shorten projectName or environment, or pass connectionArn`,
    ];
  }
  return [];
}

function validateDeployKit(kitPath: string): string[] {
  const rebuild =
    'build @comptastar/deploy-hooks (its dist/kit is copied into assets/deploy-kit when this package compiles) or pass deployKitPath';
  if (!fs.existsSync(path.join(kitPath, 'bin', 'deploy-hooks.cjs'))) {
    return [`deployKitPath "${kitPath}" has no bin/deploy-hooks.cjs: ${rebuild}`];
  }
  // The buildspec runs `npm install --prefix $KIT_DIR`: without package.json that installs nothing.
  if (!fs.existsSync(path.join(kitPath, 'package.json'))) {
    return [
      `deployKitPath "${kitPath}" has no package.json (it pins the esbuild the build installs): ${rebuild}`,
    ];
  }
  return [];
}
