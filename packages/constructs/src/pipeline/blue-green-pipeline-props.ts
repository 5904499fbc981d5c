import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Naming } from '../config/naming';

/**
 * What the pipeline needs of a service: its app and its own deployment group, from one object, so
 * the two cannot disagree. `BlueGreenService` is one.
 */
export interface IBlueGreenService {
  /** The app's name: its folder under `apps/` and the name of its revision. */
  readonly appName: string;
  /** The app's blue/green deployment group. */
  readonly deploymentGroup: codedeploy.IServerDeploymentGroup;
  /** Lets the app's instances read the revisions in the pipeline's artifact bucket. */
  grantArtifactRead(bucket: s3.IBucket): void;
}

/** Options of one service in the pipeline. */
export interface PipelineServiceOptions {
  /**
   * The app's folder in the application repository, relative to its root.
   * @default - `apps/<appName>`
   */
  readonly sourcePath?: string;
}

/** Properties of a BlueGreenPipeline. */
export interface BlueGreenPipelineProps {
  /** Names of the environment (the pipeline, project and connection names derive from it). */
  readonly naming: Naming;

  /** GitHub repository as `owner/name`, e.g. `acme/shop`. */
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

  /**
   * The services to build and deploy, one revision and one CodeDeploy action each; add more with
   * `addService`. The pipeline needs at least one by synth time.
   * @default - none yet: call `addService`
   */
  readonly services?: IBlueGreenService[];

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
   * Time before a build is stopped (5 to 480 minutes).
   * @default Duration.minutes(30)
   */
  readonly buildTimeout?: Duration;

  /**
   * Time before build artifacts and the build cache expire from the artifacts bucket (1 to 3650 days).
   * @default Duration.days(30)
   */
  readonly artifactRetention?: Duration;

  /**
   * Folder of the deploy-hooks kit (`bin/deploy-hooks.cjs`, `hooks/`, ...) the build runs.
   * @default - the kit shipped inside this package (`assets/deploy-kit`)
   */
  readonly deployKitPath?: string;
}
