import { basename } from 'node:path';
import { App } from 'aws-cdk-lib';
import { EnvironmentStack } from './environment-stack';
import { loadEnvironments, LoadedEnvironment } from './load-environments';
import { renderSummary } from './summary';

/** Builds one stack per environment file; a construct's validation error names the file. */
export function buildApp(environments: LoadedEnvironment[] = loadEnvironments(), app = new App()): App {
  for (const environment of environments) {
    const c = environment.config;
    try {
      new EnvironmentStack(app, environment.naming.stackName(), {
        environment,
        env: {
          account: c.account ?? process.env.CDK_DEFAULT_ACCOUNT,
          region: c.region ?? process.env.CDK_DEFAULT_REGION,
        },
      });
    } catch (e) {
      (e as Error).message = `${basename(environment.file)}: ${(e as Error).message}`;
      throw e;
    }
  }
  return app;
}

/** The environment stacks of an app built by buildApp, in file order. */
export function environmentStacks(app: App): EnvironmentStack[] {
  return app.node.children.filter((c): c is EnvironmentStack => c instanceof EnvironmentStack);
}

if (require.main === module) {
  const app = buildApp();
  app.synth();
  process.stderr.write(`${renderSummary(environmentStacks(app))}\n`);
}
