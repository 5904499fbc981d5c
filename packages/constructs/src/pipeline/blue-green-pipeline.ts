import * as path from 'node:path';
import { Aspects, CfnOutput, Duration, IAspect } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codeconnections from 'aws-cdk-lib/aws-codeconnections';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { createArtifactBucket } from './artifact-bucket';
import {
  BlueGreenPipelineProps,
  IBlueGreenService,
  PipelineServiceOptions,
} from './blue-green-pipeline-props';
import { createBuildProject } from './build-project';
import { BuildSpecApp } from './buildspec';
import { acknowledgeGrantWildcards } from './pipeline-nag';
import * as validation from './pipeline-validation';
import { acknowledgeNist } from '../common/nist';
import { keepOnlyPolicyDependency } from '../common/policy-dependency';
import { ResourceNames } from '../config/resource-names';
import { validateIntRange } from '../config/rules';
import { buildFailedMessage, pipelineFailedMessage } from '../notifications/messages';
import { NotificationTopic } from '../notifications/notification-topic';

/** A service the pipeline deploys, with where its app lives in the repository. */
interface DeployedService {
  readonly service: IBlueGreenService;
  readonly app: BuildSpecApp;
}

/**
 * CI/CD of one environment: GitHub push → CodeBuild (Node.js 22, pnpm, lint, test, build,
 * one CodeDeploy revision per app) → one CodeDeploy blue/green action per app, in parallel.
 *
 * The pipeline takes the services themselves (`services` or `addService`), so an app's revision
 * always goes to that app's deployment group, and their instances may read the revisions.
 *
 * @example
 * declare const naming: Naming;
 * declare const backend: BlueGreenService;
 * declare const storefront: BlueGreenService;
 * const pipeline = new BlueGreenPipeline(stack, 'Pipeline', {
 *   naming,
 *   repository: 'acme/shop',
 *   branch: 'main',
 * });
 * pipeline.addService(backend);
 * pipeline.addService(storefront);
 */
export class BlueGreenPipeline extends Construct {
  /** The kit shipped in this package: `<package>/assets/deploy-kit` (this file sits in lib/pipeline/). */
  public static readonly DEFAULT_DEPLOY_KIT_PATH = path.join(__dirname, '..', '..', 'assets', 'deploy-kit');

  /** The pipeline (type V2). Its Build and Deploy stages are added at synth, once every service is known. */
  public readonly pipeline: codepipeline.Pipeline;
  /** The CodeBuild project that lints, tests, builds and bundles the revisions. */
  public readonly project: codebuild.PipelineProject;
  /** Bucket of the pipeline artifacts (revisions) and the build cache. */
  public readonly artifactBucket: s3.IBucket;
  /** Key that encrypts the artifacts bucket and the build. */
  public readonly artifactKey: kms.IKey;
  /** ARN of the GitHub connection (created or given). */
  public readonly connectionArn: string;
  /** Topic that receives the pipeline and build failures. */
  public readonly notificationTopic: sns.ITopic;

  private readonly names: ResourceNames;
  private readonly deployed: DeployedService[] = [];
  private readonly source = new codepipeline.Artifact('source');
  private readonly sourceRole: iam.Role;
  private built = false;

  constructor(scope: Construct, id: string, props: BlueGreenPipelineProps) {
    super(scope, id);
    const naming = props.naming;
    const names = ResourceNames.of(naming);
    this.names = names;
    const branch = props.branch ?? 'main';
    const buildTimeout = props.buildTimeout ?? Duration.minutes(30);
    const artifactRetention = props.artifactRetention ?? Duration.days(30);
    const deployKitPath = props.deployKitPath ?? BlueGreenPipeline.DEFAULT_DEPLOY_KIT_PATH;

    const problems = [
      ...validation.validateRepository(props.repository),
      ...validation.validateBranch(branch),
      ...validation.validateConnectionArn(props.connectionArn),
      ...validateIntRange('buildTimeout', buildTimeout.toMinutes({ integral: false }), 5, 480, 'minutes'),
      ...validateIntRange(
        'artifactRetention',
        artifactRetention.toDays({ integral: false }),
        1,
        3650,
        'days',
      ),
      ...(props.connectionArn === undefined
        ? validation.validateConnectionName(names.sourceConnectionName())
        : []),
      ...validation.validateDeployKit(deployKitPath),
    ];
    if (problems.length > 0) {
      throw new Error(`Invalid BlueGreenPipeline props: ${problems.join('; ')}`);
    }
    const [owner, repo] = props.repository.split('/');

    this.artifactKey = new kms.Key(this, 'ArtifactKey', {
      description: `Artifacts and build of ${names.pipelineName()}`,
      enableKeyRotation: true,
    });
    const bucket = createArtifactBucket(this, this.artifactKey, artifactRetention);
    this.artifactBucket = bucket;
    // Every role of the pipeline keeps its own inline least-privilege policy (aws-cdk-lib grants).
    acknowledgeNist(this, 'NIST.800.53.R5-IAMNoInlinePolicy');

    this.notificationTopic =
      props.notificationTopic ??
      NotificationTopic.create(this, 'NotificationTopic', { topicName: names.notificationTopicName() });
    this.connectionArn = props.connectionArn ?? this.createConnection();

    const kit = new s3assets.Asset(this, 'DeployKit', { path: deployKitPath });
    this.project = createBuildProject(this, {
      props,
      naming,
      apps: () => this.deployed.map((d) => d.app),
      key: this.artifactKey,
      bucket,
      kit,
      timeout: buildTimeout,
    });

    // The source action's role as aws-cdk-lib would create it, plus codeconnections:UseConnection:
    // connections created as AWS::CodeConnections::Connection have arn:aws:codeconnections: ARNs,
    // and the action only grants codestar-connections:UseConnection.
    this.sourceRole = new iam.Role(this, 'SourceActionRole', { assumedBy: new iam.AccountRootPrincipal() });
    this.sourceRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['codeconnections:UseConnection'],
        resources: [this.connectionArn],
      }),
    );
    const sourceAction = new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHub',
      role: this.sourceRole,
      connectionArn: this.connectionArn,
      owner,
      repo,
      branch,
      output: this.source,
      triggerOnPush: true,
    });
    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: names.pipelineName(),
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: bucket,
      restartExecutionOnUpdate: false,
      stages: [{ stageName: 'Source', actions: [sourceAction] }],
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
      ruleName: names.pipelineFailureRuleName(),
      description: `Failed executions of ${names.pipelineName()} to the notification topic`,
      eventPattern: { detail: { state: ['FAILED'] } },
      target: new eventsTargets.SnsTopic(this.notificationTopic, { message: pipelineFailedMessage(naming) }),
    });
    this.project.onBuildFailed('BuildFailed', {
      ruleName: names.buildFailureRuleName(),
      description: `Failed builds of ${names.buildProjectName()} to the notification topic`,
      target: new eventsTargets.SnsTopic(this.notificationTopic, { message: buildFailedMessage(naming) }),
    });

    (props.services ?? []).forEach((service) => this.addService(service));
    // The Build and Deploy stages need every service: they are added once, just before synth
    // (the way aws-cdk-lib's pipelines.CodePipeline builds its pipeline).
    const buildStages: IAspect = { visit: (node: IConstruct) => node === this && this.buildStages() };
    Aspects.of(this).add(buildStages);
  }

  /**
   * Builds and deploys a service: its app's revision (bundled from `apps/<appName>` unless
   * `sourcePath` says otherwise) goes to the service's own deployment group, and its instances may
   * read the revisions.
   */
  public addService(service: IBlueGreenService, options: PipelineServiceOptions = {}): void {
    const appName = service.appName;
    const problems = validation.validateNewService(
      this.deployed.map((d) => d.app.appName),
      appName,
    );
    if (this.built) {
      problems.push(`addService(${appName}) came after synth began; add every service before synth`);
    }
    if (problems.length > 0) {
      throw new Error(`Invalid BlueGreenPipeline service: ${problems.join('; ')}`);
    }
    this.deployed.push({
      service,
      app: {
        appName,
        sourcePath: options.sourcePath ?? `apps/${appName}`,
        artifactName: this.names.revisionArtifactName(appName),
      },
    });
    service.grantArtifactRead(this.artifactBucket);
  }

  private buildStages(): void {
    if (this.built) return;
    this.built = true;
    if (this.deployed.length === 0) {
      throw new Error(
        `BlueGreenPipeline ${this.names.pipelineName()} deploys no service: pass services or call addService(service)`,
      );
    }
    const revisions = this.deployed.map((d) => new codepipeline.Artifact(d.app.artifactName));
    this.pipeline.addStage({
      stageName: 'Build',
      actions: [
        new actions.CodeBuildAction({
          actionName: 'Build',
          project: this.project,
          input: this.source,
          outputs: revisions,
        }),
      ],
    });
    this.pipeline.addStage({
      stageName: 'Deploy',
      actions: this.deployed.map(
        (d, i) =>
          new actions.CodeDeployServerDeployAction({
            actionName: `Deploy-${d.app.appName}`,
            input: revisions[i],
            deploymentGroup: d.service.deploymentGroup,
            runOrder: 1,
          }),
      ),
    });
    keepOnlyPolicyDependency(this.pipeline, this.pipeline.role);
    acknowledgeGrantWildcards(this.pipeline, this.project, this.artifactBucket as s3.Bucket, this.sourceRole);
  }

  private createConnection(): string {
    const connection = new codeconnections.CfnConnection(this, 'Connection', {
      connectionName: this.names.sourceConnectionName(),
      providerType: 'GitHub',
    });
    new CfnOutput(this, 'ConnectionArnOutput', {
      description:
        'GitHub connection: PENDING until activated once in the console (Developer Tools > Settings > Connections > Update pending connection)',
      value: connection.attrConnectionArn,
    });
    return connection.attrConnectionArn;
  }
}
