import { strictTemplateValidation } from '@comptastar/test-support';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { EnvironmentStack } from '../../src/environment-stack';
import { LoadedEnvironment, loadEnvironments, validateEnvironment } from '../../src/load-environments';
import { buildApp, environmentStacks } from '../../src/main';

export const CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-3:111111111111:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/**
 * The committed environment files, without an account: with one, a new VPC hard-codes the
 * account's zone names (cfn-lint W3010) and the templates would depend on who runs the tests.
 */
export function committedEnvironments(): LoadedEnvironment[] {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  return loadEnvironments().map((e) => ({ ...e, config: { ...e.config, account: undefined } }));
}

/** A variant of dev with a certificate and an alarm e-mail, as if `tls.ts` were committed. */
export function tlsEnvironment(): LoadedEnvironment {
  const dev = committedEnvironments().find((e) => e.config.environment === 'dev')!;
  return validateEnvironment('/environments/tls.ts', {
    ...dev.config,
    environment: 'tls',
    certificateArn: CERTIFICATE_ARN,
    alarmEmail: 'ops@comptastar.example',
  });
}

/**
 * Builds and synthesizes an app of environment stacks, with cdk-nag's AwsSolutions and NIST 800-53 R5
 * packs as validation plugins and aws-cdk-lib's built-in template validation in strict mode: any
 * finding of the three fails synthesis (`synthError`).
 */
export function synthWithNag(environments: LoadedEnvironment[]): {
  app: App;
  stacks: EnvironmentStack[];
  templates: { [stackName: string]: any };
  synthError?: unknown;
} {
  const app = buildApp(environments, new App({ context: strictTemplateValidation() }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  const stacks = environmentStacks(app);
  try {
    const assembly = app.synth();
    const templates = Object.fromEntries(
      stacks.map((s) => [s.stackName, assembly.getStackByName(s.stackName).template]),
    );
    return { app, stacks, templates };
  } catch (synthError) {
    return { app, stacks, templates: {}, synthError };
  }
}
