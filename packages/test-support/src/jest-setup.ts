/**
 * Jest `setupFiles` entry of the packages whose tests synthesize CDK apps: it turns off
 * aws-cdk-lib's built-in template validation for unit tests, unless the shell sets it
 * (`CDK_VALIDATION=true npx jest` validates every unit test's templates). Why, and how the quality
 * gates turn it on again: ./quality/template-validation.ts.
 */
import { TEMPLATE_VALIDATION_ENV } from './quality/template-validation';

process.env[TEMPLATE_VALIDATION_ENV] ??= 'false';
