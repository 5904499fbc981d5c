/**
 * aws-cdk-lib's built-in template validation. Since aws-cdk-lib 2.262, every synthesis (each
 * `Template.fromStack` included) checks each template against the CloudFormation resource schemas
 * and a set of default rules, with a WebAssembly engine. Its findings are warnings unless the app
 * sets `@aws-cdk/core:validateAgainstDefaultRules`, and the environment variable `CDK_VALIDATION=false`
 * turns it off. Both switches are documented in aws-cdk-lib's `AppProps.builtinCloudFormationValidation`
 * and its feature flags (cx-api FLAGS).
 *
 * That validation costs about two thirds of a construct unit test's CPU, and unit tests read template
 * properties, so `@comptastar/test-support/jest-setup` turns it off for them. The quality-gate tests
 * turn it on again with {@link strictTemplateValidation} and fail on any finding.
 */

/** The environment variable aws-cdk-lib reads at each synthesis: `false` skips the built-in validation. */
export const TEMPLATE_VALIDATION_ENV = 'CDK_VALIDATION';

/**
 * Turns aws-cdk-lib's built-in validation back on in this test file, and returns the App context
 * under which any finding fails synthesis: `validateAgainstDefaultRules` makes errors fail it,
 * `strictCfnValidateErrors` (the construct-library strict mode) makes warnings fail it too.
 * Synthesis then throws with the whole report in its message.
 */
export function strictTemplateValidation(): { [flag: string]: boolean } {
  process.env[TEMPLATE_VALIDATION_ENV] = 'true';
  return {
    '@aws-cdk/core:validateAgainstDefaultRules': true,
    '@aws-cdk/core:strictCfnValidateErrors': true,
  };
}
