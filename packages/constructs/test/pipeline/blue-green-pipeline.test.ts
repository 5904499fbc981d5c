import * as fs from 'node:fs';
import * as path from 'node:path';
import { cfnLint } from '@comptastar/test-support';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildSpecOf, synth, target } from './fixture';
import { BlueGreenPipeline } from '../../src/pipeline';
import { KIT_DOWNLOAD_COMMAND } from '../../src/pipeline/buildspec';
import { expectDeniesPlainHttp } from '../support/bucket-assertions';

const CONNECTION_ARN =
  'arn:aws:codeconnections:eu-west-3:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666';

function pipelineProps(template: ReturnType<typeof synth>['template']): any {
  const [pipeline] = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
  return pipeline.Properties;
}

describe('BlueGreenPipeline stages', () => {
  const { template } = synth();
  const props = pipelineProps(template);

  test('runs Source, then Build, then Deploy', () => {
    expect(props.Stages.map((s: any) => s.Name)).toEqual(['Source', 'Build', 'Deploy']);
  });

  test('is a V2 pipeline named after the environment', () => {
    expect(props.PipelineType).toBe('V2');
    expect(props.Name).toBe('comptastar-dev-pipeline');
  });

  test('reads GitHub through the connection it creates, on the configured repository and branch', () => {
    const [source] = props.Stages[0].Actions;
    expect(source.ActionTypeId).toEqual({
      Category: 'Source',
      Owner: 'AWS',
      Provider: 'CodeStarSourceConnection',
      Version: '1',
    });
    expect(source.Configuration).toMatchObject({
      FullRepositoryId: 'comptastar/comptastar',
      BranchName: 'main',
    });
    const [connectionId] = Object.keys(template.findResources('AWS::CodeConnections::Connection'));
    expect(source.Configuration.ConnectionArn).toEqual({ 'Fn::GetAtt': [connectionId, 'ConnectionArn'] });
    template.hasResourceProperties('AWS::CodeConnections::Connection', {
      ConnectionName: 'comptastar-dev-github',
      ProviderType: 'GitHub',
    });
  });

  test('says in an output that the created connection is PENDING until activated in the console', () => {
    const outputs = Object.values(template.findOutputs('*'));
    expect(outputs).toHaveLength(1);
    expect(outputs[0].Description).toMatch(/PENDING until activated .*Update pending connection/);
  });

  test('starts on a push to the branch', () => {
    expect(props.Triggers).toEqual([
      {
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: { SourceActionName: 'GitHub', Push: [{ Branches: { Includes: ['main'] } }] },
      },
    ]);
  });

  test('builds with one CodeBuild action that outputs one revision artifact per app', () => {
    const [build] = props.Stages[1].Actions;
    expect(build.ActionTypeId.Provider).toBe('CodeBuild');
    expect(build.InputArtifacts).toEqual([{ Name: 'source' }]);
    expect(build.OutputArtifacts).toEqual([{ Name: 'api_revision' }, { Name: 'web_revision' }]);
  });

  test('deploys each app with its own CodeDeploy action, in parallel, to its deployment group', () => {
    const deploys = props.Stages[2].Actions;
    expect(
      deploys.map((a: any) => ({
        provider: a.ActionTypeId.Provider,
        runOrder: a.RunOrder,
        input: a.InputArtifacts,
        config: a.Configuration,
      })),
    ).toEqual([
      {
        provider: 'CodeDeploy',
        runOrder: 1,
        input: [{ Name: 'api_revision' }],
        config: { ApplicationName: 'comptastar-dev-api', DeploymentGroupName: 'comptastar-dev-api-bg' },
      },
      {
        provider: 'CodeDeploy',
        runOrder: 1,
        input: [{ Name: 'web_revision' }],
        config: { ApplicationName: 'comptastar-dev-web', DeploymentGroupName: 'comptastar-dev-web-bg' },
      },
    ]);
  });

  test('the source action role may use only the pipeline connection (both service prefixes)', () => {
    const [connectionId] = Object.keys(template.findResources('AWS::CodeConnections::Connection'));
    const useConnection = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) =>
      p.Properties.PolicyDocument.Statement.filter((s: any) =>
        JSON.stringify(s.Action).includes('UseConnection'),
      ),
    );
    expect(useConnection.map((s: any) => s.Action).sort()).toEqual([
      'codeconnections:UseConnection',
      'codestar-connections:UseConnection',
    ]);
    for (const statement of useConnection) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [connectionId, 'ConnectionArn'] });
    }
  });
});

describe('BlueGreenPipeline build', () => {
  const { template } = synth();
  const spec = buildSpecOf(template);

  test('uses a Linux standard image with Node.js 22', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'comptastar-dev-build',
      Environment: {
        Type: 'LINUX_CONTAINER',
        Image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
        ComputeType: 'BUILD_GENERAL1_MEDIUM',
        PrivilegedMode: false,
      },
    });
    expect(spec.phases.install['runtime-versions']).toEqual({ nodejs: 22 });
  });

  test('checks the application repository with the kit before any install, then installs the pinned pnpm and the workspace from the lockfile into a project-local store', () => {
    expect(spec.phases.install.commands).toEqual([
      KIT_DOWNLOAD_COMMAND,
      'node "$KIT_DIR/bin/deploy-hooks.cjs" check-repo --app api=apps/api --app web=apps/web' +
        " --lint 'pnpm run lint' --test 'pnpm run test' --build 'pnpm run build'",
      'npm install -g pnpm@10.33.0',
      'pnpm config set store-dir .pnpm-store',
      'pnpm install --frozen-lockfile',
    ]);
  });

  test("caches the pnpm store (not node_modules) and each app's Next.js build cache in the artifacts bucket", () => {
    expect(spec.cache.paths).toEqual([
      '.pnpm-store/**/*',
      'apps/api/.next/cache/**/*',
      'apps/web/.next/cache/**/*',
    ]);
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket'));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Cache: { Type: 'S3', Location: { 'Fn::Join': ['/', [{ Ref: bucketId }, 'build-cache']] } },
    });
  });

  test('lints and tests before the build, checks the parameters of every app, then bundles one revision per app', () => {
    expect(spec.phases.pre_build.commands.slice(1)).toEqual(['pnpm run lint', 'pnpm run test']);
    expect(spec.phases.build.commands).toEqual([
      'pnpm run build',
      'node "$KIT_DIR/param-tool/param-tool.cjs" check --env dev --app api --file apps/api/.env.example',
      'node "$KIT_DIR/param-tool/param-tool.cjs" check --env dev --app web --file apps/web/.env.example',
      ...['api', 'web'].map(
        (app) =>
          `node "$KIT_DIR/bin/deploy-hooks.cjs" bundle --app ${app} --source apps/${app} --out "$CODEBUILD_SRC_DIR/.revisions/${app}"` +
          ` --layout '{"IDENTITY_FILE":"/etc/comptastar/identity.env","APP_USER":"comptastar","APP_HOME":"/home/comptastar",` +
          `"APP_DIR":"/opt/comptastar/${app}","LOG_DIR":"/var/log/comptastar/${app}","RUNTIME_DIR":"/opt/comptastar/.runtime"}'`,
      ),
    ]);
  });

  test("the build role's SSM permission is ssm:DescribeParameters only: names, never values", () => {
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as any;
    const roleId = project.Properties.ServiceRole['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const ssm = statements.filter((st: any) =>
      [st.Action]
        .flat()
        .some((a: string) => /^ssm:|^kms:Decrypt$/.test(a) && !/artifact/i.test(JSON.stringify(st.Resource))),
    );
    expect(ssm).toEqual([{ Action: 'ssm:DescribeParameters', Effect: 'Allow', Resource: '*' }]);
  });

  test('names each secondary artifact after its pipeline output artifact', () => {
    expect(spec.artifacts['secondary-artifacts']).toEqual({
      api_revision: { 'base-directory': '.revisions/api', files: ['**/*'] },
      web_revision: { 'base-directory': '.revisions/web', files: ['**/*'] },
    });
  });

  test('downloads the deploy kit from its S3 asset, and may read that object only', () => {
    expect(spec.phases.install.commands[0]).toMatch(/^aws s3 cp "\$DEPLOY_KIT_URL" /);
    // After the repository check, the kit's pinned esbuild, for the build machine's platform.
    expect(spec.phases.pre_build.commands[0]).toBe(
      'npm install --prefix "$KIT_DIR" --omit=dev --no-audit --no-fund --loglevel=error',
    );
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as any;
    const env = Object.fromEntries(
      project.Properties.Environment.EnvironmentVariables.map((v: any) => [v.Name, v.Value]),
    );
    expect(env.KIT_DIR).toBe('/tmp/deploy-kit');
    expect(env.DEPLOY_KIT_URL).toMatch(
      /^s3:\/\/cdk-[a-z0-9]+-assets-123456789012-eu-west-3\/[0-9a-f]{64}\.zip$/,
    );
    const kitKey = env.DEPLOY_KIT_URL.replace('s3://', '');
    const readsKit = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) =>
      p.Properties.PolicyDocument.Statement.filter((s: any) =>
        JSON.stringify(s.Resource).includes(kitKey.split('/')[1]),
      ),
    );
    expect(readsKit).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${kitKey}`]] },
      },
    ]);
  });

  test('takes custom commands, and skips a step given as an empty string', () => {
    const custom = buildSpecOf(
      synth((p) => ({
        ...p,
        lintCommand: '',
        testCommand: 'pnpm -r test --ci',
        buildCommand: 'pnpm -r build',
        pnpmVersion: '10.1.0',
      })).template,
    );
    expect(custom.phases.install.commands.slice(1, 3)).toEqual([
      // The repository check takes the same commands, quoted for bash; a skipped step is left out.
      'node "$KIT_DIR/bin/deploy-hooks.cjs" check-repo --app api=apps/api --app web=apps/web' +
        " --test 'pnpm -r test --ci' --build 'pnpm -r build'",
      'npm install -g pnpm@10.1.0',
    ]);
    expect(custom.phases.pre_build.commands.slice(1)).toEqual(['pnpm -r test --ci']);
    expect(custom.phases.build.commands[0]).toBe('pnpm -r build');
  });

  test('a buildspec file in the repository replaces the generated one', () => {
    const { template: t } = synth((p) => ({ ...p, buildSpecFile: 'ci/buildspec.yml' }));
    t.hasResourceProperties('AWS::CodeBuild::Project', { Source: { BuildSpec: 'ci/buildspec.yml' } });
  });

  test('optional file-path filters narrow the push trigger', () => {
    const { template: t } = synth((p) => ({
      ...p,
      branch: 'release/prod',
      filePathsIncludes: ['apps/**', 'pnpm-lock.yaml'],
      filePathsExcludes: ['**/*.md'],
    }));
    expect(pipelineProps(t).Triggers[0].GitConfiguration.Push).toEqual([
      {
        Branches: { Includes: ['release/prod'] },
        FilePaths: { Includes: ['apps/**', 'pnpm-lock.yaml'], Excludes: ['**/*.md'] },
      },
    ]);
  });

  test('the build is encrypted with the artifact key and stops after the timeout', () => {
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      EncryptionKey: { 'Fn::GetAtt': [keyId, 'Arn'] },
      TimeoutInMinutes: 30,
    });
  });
});

describe('BlueGreenPipeline artifacts, connection and notifications', () => {
  const { template } = synth();

  test('the artifacts bucket is KMS-encrypted, private and expires old artifacts', () => {
    const [keyId] = Object.keys(
      template.findResources('AWS::KMS::Key', {
        Properties: { Description: Match.stringLikeRegexp('^Artifacts and build') },
      }),
    );
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            ExpirationInDays: 30,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  test('the artifacts bucket is versioned (old versions expire after 7 days) and access-logged to its own log bucket', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const [artifactsId, logsId] = Object.keys(buckets);
    const artifacts = buckets[artifactsId].Properties;
    expect(artifacts.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(artifacts.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration).toEqual({
      NoncurrentDays: 7,
    });
    expect(artifacts.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: 'artifacts/',
    });
    const logs = buckets[logsId].Properties;
    expect(logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(logs.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logs.LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: 90,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
    });
    // S3 log delivery writes through the bucket policy (no ACL), only from the artifacts bucket and this account
    expect(logs.AccessControl).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [artifactsId, 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': '123456789012' },
            },
          }),
        ]),
      },
    });
  });

  test('cdk-nag NIST 800-53 R5 reports nothing unacknowledged', () => {
    const { app } = synth();
    const report = new NIST80053R5Checks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  test('the artifacts bucket and its log bucket deny every request that is not over TLS', () => {
    const [artifactsId, logsId] = Object.keys(template.findResources('AWS::S3::Bucket'));
    expectDeniesPlainHttp(template, artifactsId);
    expectDeniesPlainHttp(template, logsId);
  });

  test('pipeline and build failures go to the created, encrypted topic (EventBridge rules, readable messages)', () => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => [
      r.Properties.EventPattern.source,
      r.Properties.Targets.map((t: any) => t.Arn),
    ]);
    expect(rules).toEqual(
      expect.arrayContaining([
        [['aws.codepipeline'], [{ Ref: topicId }]],
        [['aws.codebuild'], [{ Ref: topicId }]],
      ]),
    );
    expect(rules).toHaveLength(2);
    template.resourceCountIs('AWS::CodeStarNotifications::NotificationRule', 0);
  });

  test('failures go to a given topic (shared with the services) and no topic is created', () => {
    const { template: t } = synth((p, stack) => ({
      ...p,
      notificationTopic: new sns.Topic(stack, 'Shared', { topicName: 'comptastar-dev-alarms' }),
    }));
    expect(Object.keys(t.findResources('AWS::SNS::Topic'))).toHaveLength(1);
    t.resourceCountIs('AWS::Events::Rule', 2);
    t.allResourcesProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Shared') } })],
    });
  });

  test('an existing connection ARN is used as is: no connection, no output', () => {
    const { template: t } = synth((p) => ({ ...p, connectionArn: CONNECTION_ARN }));
    t.resourceCountIs('AWS::CodeConnections::Connection', 0);
    expect(Object.keys(t.findOutputs('*'))).toHaveLength(0);
    expect(pipelineProps(t).Stages[0].Actions[0].Configuration.ConnectionArn).toBe(CONNECTION_ARN);
  });

  test('a single app gets its revision as the primary artifact too', () => {
    const spec = buildSpecOf(synth((p, stack) => ({ ...p, services: [target(stack, 'web')] })).template);
    expect(spec.artifacts['base-directory']).toBe('.revisions/web');
    expect(Object.keys(spec.artifacts['secondary-artifacts'])).toEqual(['web_revision']);
  });

  test('the default kit is the one shipped in the package: the CLI, the hooks and the PM2 template are there', () => {
    const kit = BlueGreenPipeline.DEFAULT_DEPLOY_KIT_PATH;
    const shipped = ['bin/deploy-hooks.cjs', 'hooks/start_server.sh', 'templates/ecosystem.config.cjs'];
    expect(shipped.filter((file) => !fs.existsSync(path.join(kit, file)))).toEqual([]);
  });
});

describe('BlueGreenPipeline compliance', () => {
  test('cdk-nag AwsSolutions reports nothing unacknowledged', () => {
    const { app } = synth();
    Validations.of(app).addPlugins(new AwsSolutionsChecks());
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  test('cfn-lint finds no error or warning in the template', () => {
    const { template } = synth();
    expect(cfnLint({ pipeline: template.toJSON() }, 'eu-west-3')).toEqual({ status: 0, output: '' });
  });

  test('compute type is configurable', () => {
    const { template } = synth((p) => ({ ...p, computeType: codebuild.ComputeType.LARGE }));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: { ComputeType: 'BUILD_GENERAL1_LARGE' },
    });
  });
});

describe('BlueGreenPipeline notification permissions', () => {
  test('EventBridge may publish to the created topic, named after the environment, and use its own key', () => {
    const { template } = synth();
    const topics = template.findResources('AWS::SNS::Topic');
    const [topicId] = Object.keys(topics);
    expect(topics[topicId].Properties.TopicName).toBe('comptastar-dev-notifications');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
          }),
        ]),
      },
    });
    const keyId = topics[topicId].Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = template.findResources('AWS::KMS::Key')[keyId];
    const forEvents = key.Properties.KeyPolicy.Statement.filter((s: any) =>
      [s.Principal?.Service].flat().includes('events.amazonaws.com'),
    );
    expect(new Set(forEvents.flatMap((s: any) => [s.Action].flat()))).toEqual(
      new Set(['kms:Decrypt', 'kms:GenerateDataKey*']),
    );
  });
});

describe('BlueGreenPipeline names', () => {
  test('every name comes from Naming: pipeline, project, connection, notification rules', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { Name: 'comptastar-dev-pipeline' });
    template.hasResourceProperties('AWS::CodeBuild::Project', { Name: 'comptastar-dev-build' });
    template.hasResourceProperties('AWS::CodeConnections::Connection', {
      ConnectionName: 'comptastar-dev-github',
    });
    const names = Object.values(template.findResources('AWS::Events::Rule'))
      .map((r: any) => r.Properties.Name)
      .sort();
    expect(names).toEqual(['comptastar-dev-build-failed', 'comptastar-dev-pipeline-failed']);
  });
});
