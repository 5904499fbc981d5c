import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { BlueGreenPipelineProps } from './blue-green-pipeline-props';
import { BUILD_ENV, BuildSpecApp, DEFAULT_PNPM_VERSION, KIT_DIR, renderBuildSpec } from './buildspec';
import { LogEncryption } from '../common/log-encryption';
import { Naming } from '../config/naming';
import { ResourceNames } from '../config/resource-names';
import { InstanceLayout } from '../service/instance-layout';

export interface BuildProjectOptions {
  readonly props: BlueGreenPipelineProps;
  readonly naming: Naming;
  /** The apps to bundle, read at synth: services may be added after the project exists. */
  readonly apps: () => BuildSpecApp[];
  readonly key: kms.IKey;
  readonly bucket: s3.IBucket;
  readonly kit: s3assets.Asset;
  readonly timeout: Duration;
}

/**
 * The CodeBuild project that lints, tests, builds and bundles one revision per app (the generated
 * buildspec, or the repository's), with the deploy-hooks kit from its S3 asset, a KMS-encrypted
 * log group and an S3 cache.
 */
export function createBuildProject(scope: Construct, o: BuildProjectOptions): codebuild.PipelineProject {
  const { props, naming } = o;
  const buildSpec = props.buildSpecFile
    ? codebuild.BuildSpec.fromSourceFilename(props.buildSpecFile)
    : codebuild.BuildSpec.fromObject(
        Lazy.any({
          produce: () =>
            renderBuildSpec({
              apps: o.apps(),
              environment: naming.environment,
              layout: InstanceLayout.of(naming),
              pnpmVersion: props.pnpmVersion ?? DEFAULT_PNPM_VERSION,
              lintCommand: props.lintCommand ?? 'pnpm run lint',
              testCommand: props.testCommand ?? 'pnpm run test',
              buildCommand: props.buildCommand ?? 'pnpm run build',
            }),
        }) as unknown as Record<string, unknown>,
      );
  const logGroup = LogEncryption.of(scope).logGroup(scope, 'BuildLogs', {
    logGroupName: ResourceNames.of(naming).buildLogGroupName(),
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const project = new codebuild.PipelineProject(scope, 'Build', {
    projectName: ResourceNames.of(naming).buildProjectName(),
    description: `Lint, test, build and bundle the CodeDeploy revisions of ${ResourceNames.of(naming).pipelineName()}`,
    buildSpec,
    environment: {
      buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2023_5,
      computeType: props.computeType ?? codebuild.ComputeType.MEDIUM,
      privileged: false,
    },
    environmentVariables: {
      [BUILD_ENV.kitUrl]: { value: o.kit.s3ObjectUrl },
      [BUILD_ENV.kitDir]: { value: KIT_DIR },
    },
    encryptionKey: o.key,
    cache: codebuild.Cache.bucket(o.bucket, { prefix: 'build-cache' }),
    timeout: o.timeout,
    logging: { cloudWatch: { logGroup } },
  });
  // Only the kit's object, not the whole CDK assets bucket (Asset.grantRead would grant <bucket>/*).
  project.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [o.kit.bucket.arnForObjects(o.kit.s3ObjectKey)],
    }),
  );
  // The parameter check lists names only. DescribeParameters supports no resource-level permission
  // (Service Authorization Reference, AWS Systems Manager: no resource type for DescribeParameters),
  // and returns no value; the role gets no ssm:GetParameter* and no kms:Decrypt for parameters.
  project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:DescribeParameters'], resources: ['*'] }));
  return project;
}
