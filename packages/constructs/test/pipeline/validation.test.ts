import * as fs from 'node:fs';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSpecOf, defaultProps, fakeKit, naming, target } from './fixture';
import { Naming } from '../../src/config/naming';
import { ResourceNames } from '../../src/config/resource-names';
import { BlueGreenPipeline, BlueGreenPipelineProps } from '../../src/pipeline';

function build(
  override: (p: BlueGreenPipelineProps, stack: Stack) => Partial<BlueGreenPipelineProps>,
): () => void {
  const stack = new Stack();
  const props = defaultProps(stack);
  return () => new BlueGreenPipeline(stack, 'BlueGreen', { ...props, ...override(props, stack) });
}

describe('BlueGreenPipeline props', () => {
  test.each([
    'comptastar',
    'comptastar/',
    '/comptastar',
    'a/b/c',
    'https://github.com/comptastar/app',
    'owner/na me',
  ])('repository %p is not owner/name', (repository) => {
    expect(build(() => ({ repository }))).toThrow(
      `Invalid BlueGreenPipeline props: repository must be "owner/name" (a GitHub owner and repository, e.g. "acme/shop"), got "${repository}"`,
    );
  });

  test.each(['', '   '])('branch %p is empty', (branch) => {
    expect(build(() => ({ branch }))).toThrow(
      'Invalid BlueGreenPipeline props: branch must not be empty (the branch whose pushes start the pipeline, e.g. "main")',
    );
  });

  test.each(['feature..x', 'main branch', 'release/', 'topic.lock', '-x'])(
    'branch %p is not a git branch name',
    (branch) => {
      expect(build(() => ({ branch }))).toThrow(
        `Invalid BlueGreenPipeline props: branch "${branch}" is not a valid git branch name`,
      );
    },
  );

  test('a second service of the same app', () => {
    expect(
      build((_, stack) => ({ services: [target(stack, 'api'), target(stack, 'web'), target(stack, 'api')] })),
    ).toThrow(
      'Invalid BlueGreenPipeline service: the pipeline already deploys app "api": each app has one revision and one deploy action',
    );
  });

  test('no service by synth time', () => {
    const stack = new Stack();
    new BlueGreenPipeline(stack, 'BlueGreen', { ...defaultProps(stack), services: [] });
    expect(() => Template.fromStack(stack)).toThrow(
      'BlueGreenPipeline comptastar-dev-pipeline deploys no service: pass services or call addService(service)',
    );
  });

  test('services added later are built and deployed, each to its own deployment group, and may read the artifacts', () => {
    const stack = new Stack();
    const pipeline = new BlueGreenPipeline(stack, 'BlueGreen', { ...defaultProps(stack), services: [] });
    const api = target(stack, 'api');
    pipeline.addService(api);
    pipeline.addService(target(stack, 'worker'), { sourcePath: 'services/worker' });
    const template = Template.fromStack(stack);
    const [cfn] = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
    const deploy = cfn.Properties.Stages.find((st: any) => st.Name === 'Deploy');
    expect(deploy.Actions.map((a: any) => [a.Name, a.Configuration.DeploymentGroupName])).toEqual([
      ['Deploy-api', 'comptastar-dev-api-bg'],
      ['Deploy-worker', 'comptastar-dev-worker-bg'],
    ]);
    expect(buildSpecOf(template).phases.build.commands).toContainEqual(
      expect.stringMatching(
        /^node "\$KIT_DIR\/bin\/deploy-hooks.cjs" bundle --app worker --source services\/worker --out "\$CODEBUILD_SRC_DIR\/.revisions\/worker" --layout '.*"APP_DIR":"\/opt\/comptastar\/worker"/,
      ),
    );
    expect(api.granted).toEqual([pipeline.artifactBucket.node.path]);
  });

  test.each([
    'arn:aws:codecommit:eu-west-3:123456789012:comptastar',
    'arn:aws:codestar:eu-west-3:123456789012:connection/0a1b2c3d',
    'arn:aws:secretsmanager:eu-west-3:123456789012:secret:github-token',
    'codestar-connections:eu-west-3:123456789012:connection/0a1b2c3d',
  ])('connection ARN %p of the wrong service', (connectionArn) => {
    expect(build(() => ({ connectionArn }))).toThrow(
      `Invalid BlueGreenPipeline props: connectionArn must be a CodeStar/CodeConnections connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id> or arn:aws:codeconnections:...), got "${connectionArn}"`,
    );
  });

  test.each([
    'arn:aws:codestar-connections:eu-west-3:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666',
    'arn:aws:codeconnections:us-east-1:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666',
  ])('connection ARN %p is accepted', (connectionArn) => {
    expect(build(() => ({ connectionArn }))).not.toThrow();
  });

  test('every problem is reported at once', () => {
    expect(
      build(() => ({
        repository: 'x',
        branch: '',
        buildTimeout: Duration.minutes(1),
        artifactRetention: Duration.days(0),
      })),
    ).toThrow(
      'Invalid BlueGreenPipeline props: repository must be "owner/name" (a GitHub owner and repository, e.g. "acme/shop"), got "x"; ' +
        'branch must not be empty (the branch whose pushes start the pipeline, e.g. "main"); ' +
        'buildTimeout is 1 minutes; allowed: an integer from 5 to 480 minutes; ' +
        'artifactRetention is 0 days; allowed: an integer from 1 to 3650 days',
    );
  });

  test('an invalid app name', () => {
    expect(build((_, stack) => ({ services: [{ ...target(stack, 'api'), appName: 'API' }] }))).toThrow(
      'Invalid BlueGreenPipeline service: appName "API" is invalid: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
    );
  });

  test('a connection name over 32 characters asks for a shorter name or an ARN', () => {
    const long = new Naming({ projectName: 'comptastar-accounting', environment: 'production' });
    expect(build(() => ({ naming: long }))).toThrow(
      'Invalid BlueGreenPipeline props: connection name "comptastar-accounting-production-github" is 39 characters; the maximum is 32. Shorten projectName or environment, or pass connectionArn',
    );
    expect(
      build(() => ({
        naming: long,
        connectionArn:
          'arn:aws:codeconnections:us-east-1:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666',
      })),
    ).not.toThrow();
  });

  test('a kit folder without the CLI', () => {
    const empty = fakeKit();
    fs.rmSync(`${empty}/bin`, { recursive: true });
    expect(build(() => ({ deployKitPath: empty }))).toThrow(
      `Invalid BlueGreenPipeline props: deployKitPath "${empty}" has no bin/deploy-hooks.cjs: build @comptastar/deploy-hooks (its dist/kit is copied into assets/deploy-kit when this package compiles) or pass deployKitPath`,
    );
    fs.rmSync(empty, { recursive: true, force: true });
  });

  test('a kit folder without its package.json (an older kit)', () => {
    const old = fakeKit();
    fs.rmSync(`${old}/package.json`);
    expect(build(() => ({ deployKitPath: old }))).toThrow(
      `Invalid BlueGreenPipeline props: deployKitPath "${old}" has no package.json (it pins the esbuild the build installs): build @comptastar/deploy-hooks (its dist/kit is copied into assets/deploy-kit when this package compiles) or pass deployKitPath`,
    );
    fs.rmSync(old, { recursive: true, force: true });
  });

  test('the fixture naming is valid', () => {
    expect(ResourceNames.of(naming).pipelineName()).toBe('comptastar-dev-pipeline');
  });
});
