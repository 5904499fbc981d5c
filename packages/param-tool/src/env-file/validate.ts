import { EnvEntry } from './parse';
import { parameterPath, validateScopeName } from '../parameter-path';

/** SSM Standard tier: values "cannot exceed 4096 bytes". */
export const MAX_VALUE_BYTES = 4096;
/** SSM allows at most 15 levels in a hierarchical name. */
export const MAX_DEPTH = 15;
/** 2048 advertised, of which 1037 are reserved for the ARN prefix. */
export const MAX_NAME_LENGTH = 1011;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SSM_NAME = /^[a-zA-Z0-9_.\-/]+$/;

export interface ValidationOptions {
  readonly environment: string;
  readonly app: string;
  /** `-cf` mode: every variable needs a value. */
  readonly requireValues: boolean;
}

/** Problems of one variable (empty when it can be written). */
export function validateEntry(entry: EnvEntry, options: ValidationOptions): string[] {
  const problems: string[] = [];
  if (!ENV_NAME.test(entry.key)) {
    problems.push(
      `${entry.key} (line ${entry.line}) is not a valid variable name: use letters, digits and underscores, not starting with a digit`,
    );
  }
  problems.push(...validateParameterName(parameterPath(options.environment, options.app, entry.key)));
  if (options.requireValues && entry.value === '') {
    problems.push(
      `${entry.key} (line ${entry.line}) has an empty value: SSM rejects empty values; give one in the file or use -c`,
    );
  }
  problems.push(...validateValue(entry.key, entry.value));
  return problems;
}

/** Problems of a value SSM would reject (size only; emptiness depends on the mode). */
export function validateValue(key: string, value: string): string[] {
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes > MAX_VALUE_BYTES
    ? [`${key} is ${bytes} bytes; SSM Standard parameters hold at most ${MAX_VALUE_BYTES} bytes`]
    : [];
}

/** The rules SSM applies to a parameter name (moto does not check them, so we do). */
export function validateParameterName(name: string): string[] {
  const problems: string[] = [];
  if (!SSM_NAME.test(name)) {
    problems.push(`parameter name ${name} may only contain a-z, A-Z, 0-9, _ . - and /`);
  }
  const first = name.replace(/^\//, '').split('/')[0].toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) {
    problems.push(
      `parameter name ${name} must not start with "aws" or "ssm" (reserved by AWS Systems Manager)`,
    );
  }
  const depth = name.replace(/^\//, '').split('/').length;
  if (depth > MAX_DEPTH) {
    problems.push(`parameter name ${name} has ${depth} levels; SSM allows at most ${MAX_DEPTH}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    problems.push(
      `parameter name ${name.slice(0, 40)}… is ${name.length} characters; SSM allows at most ${MAX_NAME_LENGTH}`,
    );
  }
  return problems;
}

/** Problems of the environment and app names. */
export function validateScope(environment: string, app: string): string[] {
  return [...validateScopeName('environment', environment), ...validateScopeName('app', app)];
}
