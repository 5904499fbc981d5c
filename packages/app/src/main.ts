import { App } from 'aws-cdk-lib';
import { EnvironmentStack } from './environment-stack';
import { loadEnvironments, LoadedEnvironment } from './load-environments';
import { renderSummary } from './summary';

/** Builds one stack per environment file. */
export function buildApp(environments: LoadedEnvironment[] = loadEnvironments(), app = new App()): App {
  for (const environment of environments) {
    const c = environment.config;
    new EnvironmentStack(app, environment.naming.stackName(), {
      environment,
      env: {
        account: c.account ?? process.env.CDK_DEFAULT_ACCOUNT,
        region: c.region ?? process.env.CDK_DEFAULT_REGION,
      },
    });
  }
  return app;
}

if (require.main === module) {
  const environments = loadEnvironments();
  buildApp(environments).synth();
  process.stderr.write(`${renderSummary(environments)}\n`);
}
