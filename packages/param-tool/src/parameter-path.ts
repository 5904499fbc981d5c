/**
 * Where parameters live: `/{environment}/{app}/{NAME}`, no project prefix.
 *
 * The environment and app rule is the one of packages/constructs (src/config/rules.ts
 * `validateName`, used by `Naming`); it is repeated here because param-tool must not depend on
 * the jsii library. Keep the two in step.
 */

const SCOPE_NAME = /^[a-z][a-z0-9-]*$/;
const RESERVED_PREFIXES = ['aws', 'ssm'];

/** The path of every parameter of one app, with its trailing slash: `/dev/api/`. */
export function appPath(environment: string, app: string): string {
  return `/${environment}/${app}/`;
}

/** The full parameter name of one variable: `/dev/api/DATABASE_URL`. */
export function parameterPath(environment: string, app: string, name: string): string {
  return `${appPath(environment, app)}${name}`;
}

/** Problems with an environment or app name (empty when it is valid). */
export function validateScopeName(field: 'environment' | 'app', value: string): string[] {
  if (!value) {
    return [`${field} is required (lowercase letters, digits and hyphens, starting with a letter)`];
  }
  const problems: string[] = [];
  if (!SCOPE_NAME.test(value) || value.endsWith('-') || value.includes('--')) {
    problems.push(
      `${field} "${value}" is invalid: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  for (const prefix of RESERVED_PREFIXES) {
    if (value.startsWith(prefix)) {
      problems.push(`${field} "${value}" must not start with "${prefix}" (reserved by AWS Systems Manager)`);
    }
  }
  return problems;
}
