import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { Naming } from '../../src/config/naming';
import { ResourceNames } from '../../src/config/resource-names';
import { BlueGreenPipeline, BlueGreenPipelineProps, IBlueGreenService } from '../../src/pipeline';

export const naming = new Naming({
  projectName: 'comptastar',
  environment: 'dev',
  operationsCommand: 'npx comptastar',
});

/** A stand-in kit for synth tests: only what the construct checks (the rehearsal uses the real one). */
export function fakeKit(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-deploy-kit-'))): string {
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'deploy-hooks.cjs'), '#!/usr/bin/env node\n');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true,"dependencies":{"esbuild":"0.28.2"}}\n');
  return dir;
}

/** One shared fake kit per machine: same content every time, so nothing piles up in tmp. */
const kitDir = fakeKit(path.join(os.tmpdir(), 'comptastar-fake-deploy-kit'));

/** A service as the pipeline sees it: an app and its deployment group, imported by name. */
let targets = 0;
export function target(stack: Stack, appName: string): IBlueGreenService & { granted: string[] } {
  const id = `${appName}${++targets}`;
  const application = codedeploy.ServerApplication.fromServerApplicationName(
    stack,
    `${id}Application`,
    ResourceNames.of(naming).codeDeployApplicationName(appName),
  );
  const granted: string[] = [];
  return {
    appName,
    granted,
    grantArtifactRead: (bucket) => granted.push(bucket.node.path),
    deploymentGroup: codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(
      stack,
      `${id}Group`,
      {
        application,
        deploymentGroupName: ResourceNames.of(naming).deploymentGroupName(appName),
      },
    ),
  };
}

export function defaultProps(stack: Stack): BlueGreenPipelineProps {
  return {
    naming,
    repository: 'comptastar/comptastar',
    branch: 'main',
    services: [target(stack, 'api'), target(stack, 'web')],
    deployKitPath: kitDir,
  };
}

/** Synthesizes one pipeline; `override` receives the defaults and returns the props to use. */
export function synth(
  override: (p: BlueGreenPipelineProps, stack: Stack) => BlueGreenPipelineProps = (p) => p,
): {
  app: App;
  stack: Stack;
  pipeline: BlueGreenPipeline;
  template: Template;
} {
  const app = new App();
  const stack = new Stack(app, 'Pipeline', { env: { account: '123456789012', region: 'eu-west-3' } });
  const pipeline = new BlueGreenPipeline(stack, 'BlueGreen', override(defaultProps(stack), stack));
  return { app, stack, pipeline, template: Template.fromStack(stack) };
}

/** The generated buildspec of the synthesized project, parsed. */
export function buildSpecOf(template: Template): any {
  const projects = template.findResources('AWS::CodeBuild::Project');
  const [project] = Object.values(projects);
  return JSON.parse(project.Properties.Source.BuildSpec);
}
