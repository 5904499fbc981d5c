/**
 * Validation rules shared by the configuration classes. Each returns the list of problems it
 * found, every problem naming the field, the value and what is allowed, so that all problems of a
 * configuration are reported at once.
 */
import { Token } from 'aws-cdk-lib';

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/** One `@`, a dot in the domain, no spaces: what SNS can send to (it confirms the address itself). */
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A name that goes into AWS resource names: lowercase letters, digits and hyphens. */
export function validateName(
  field: string,
  value: string,
  options: { reservedPrefixes?: string[] } = {},
): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [`${field} is required (lowercase letters, digits and hyphens, starting with a letter)`];
  }
  const problems: string[] = [];
  if (!NAME_PATTERN.test(value) || value.endsWith('-') || value.includes('--')) {
    problems.push(
      `${field} "${value}" is invalid: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  for (const prefix of options.reservedPrefixes ?? []) {
    if (value.startsWith(prefix)) {
      problems.push(`${field} "${value}" must not start with "${prefix}" (reserved by AWS Systems Manager)`);
    }
  }
  return problems;
}

/** An integer within [min, max]. */
export function validateIntRange(
  field: string,
  value: number,
  min: number,
  max: number,
  unit = '',
): string[] {
  if (!Number.isInteger(value) || value < min || value > max) {
    const suffix = unit ? ` ${unit}` : '';
    return [`${field} is ${value}${suffix}; allowed: an integer from ${min} to ${max}${suffix}`];
  }
  return [];
}

/** An ELB name (load balancer or target group): at most 32 characters, alphanumerics and hyphens. */
export function validateElbName(field: string, value: string, fix: string): string[] {
  const problems: string[] = [];
  if (value.length > 32) {
    problems.push(`${field} "${value}" is ${value.length} characters; the maximum is 32. ${fix}`);
  }
  if (!/^[a-zA-Z0-9-]+$/.test(value) || value.startsWith('-') || value.endsWith('-')) {
    problems.push(`${field} "${value}" may only contain letters, digits and hyphens, not at either end`);
  }
  return problems;
}

/** A URL path such as a health check path: starts with `/`, printable ASCII, no spaces. */
export function validateUrlPath(field: string, value: string, maxLength: number): string[] {
  if (!value.startsWith('/')) {
    return [`${field} "${value}" must start with "/"`];
  }
  if (value.length > maxLength || !/^[\x21-\x7e]+$/.test(value)) {
    return [`${field} "${value}" must be at most ${maxLength} printable characters without spaces`];
  }
  return [];
}

/** An ALB listener rule path pattern: starts with `/`, ALB's allowed characters, at most 128. */
export function validatePathPattern(field: string, value: string): string[] {
  if (!value.startsWith('/')) {
    return [`${field} "${value}" must start with "/" (for example "/api/*" or "/*")`];
  }
  if (value.length > 128 || !/^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/.test(value)) {
    return [
      `${field} "${value}" must be at most 128 characters of A-Z, a-z, 0-9, _ - . $ / ~ " ' @ : + & * ?`,
    ];
  }
  return [];
}

/** A target group success matcher: HTTP codes 200-499 as `200`, `200,204` or `200-299`. */
export function validateHttpMatcher(field: string, value: string): string[] {
  const parts = value.split(',');
  const ok = parts.every((part) => {
    const range = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!range) return false;
    const low = Number(range[1]);
    const high = Number(range[2] ?? range[1]);
    return low >= 200 && high <= 499 && low <= high;
  });
  return ok
    ? []
    : [`${field} "${value}" is invalid: use HTTP codes from 200 to 499, e.g. "200", "200,204" or "200-299"`];
}

/** An EC2 instance type such as `t3.small` or `m7g.large`. */
export function validateInstanceType(field: string, value: string): string[] {
  return /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value)
    ? []
    : [`${field} "${value}" is not an EC2 instance type (expected family.size, e.g. "t3.small")`];
}

/** A CloudWatch alarm period: 10, 30 or a multiple of 60 seconds up to one day. */
export function validateAlarmPeriod(field: string, value: number): string[] {
  const ok =
    Number.isInteger(value) &&
    (value === 10 || value === 30 || (value % 60 === 0 && value >= 60 && value <= 86400));
  return ok ? [] : [`${field} is ${value} seconds; allowed: 10, 30 or a multiple of 60 up to 86400`];
}

/** An e-mail address (an SNS e-mail subscription); absent, or a token resolved at deploy time, is not checked. */
export function validateEmail(field: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value) || EMAIL_PATTERN.test(value)) return [];
  return [`${field} "${value}" is not an e-mail address`];
}
