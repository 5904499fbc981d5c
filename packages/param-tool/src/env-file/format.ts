/** The output formats of `pull`. */
export type OutputFormat = 'dotenv' | 'json' | 'shell';
export const OUTPUT_FORMATS: OutputFormat[] = ['dotenv', 'json', 'shell'];

/** A value a format cannot carry. The message names the key and the formats that can. */
export class UnrepresentableValueError extends Error {
  constructor(
    public readonly key: string,
    format: OutputFormat,
    reason: string,
    alternatives: OutputFormat[],
  ) {
    super(
      `${key} cannot be written as ${format}: ${reason}; use --format ${alternatives.join(' or --format ')}`,
    );
    this.name = 'UnrepresentableValueError';
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN = /^[A-Za-z0-9_.,:@%+/=-]+$/;

/**
 * Writes variables as a .env file that the `dotenv` parser reads back exactly.
 *
 * Quoting is chosen per value, because dotenv has no escape for `'` or `` ` `` inside its quotes
 * and only expands `\n`/`\r` inside double quotes (dotenv's README, quoting rules):
 * - plain characters only: unquoted;
 * - no `'`: single quotes (newlines kept raw);
 * - a `'` but no backtick: backticks;
 * - a carriage return, or both `'` and `` ` ``: double quotes with `\n`/`\r`, if it holds no `"` or `\`.
 * Anything else is refused with {@link UnrepresentableValueError}.
 */
export function formatDotenv(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([key, value]) => `${checkKey(key, 'dotenv')}=${quoteDotenv(key, value)}\n`)
    .join('');
}

/** The right-hand side of one dotenv line. */
export function quoteDotenv(key: string, value: string): string {
  if (value === '' || PLAIN.test(value)) return value;
  const hasCr = value.includes('\r');
  // A backslash right before the closing quote would read as an escaped quote to dotenv's line pattern.
  const endsWithBackslash = value.endsWith('\\');
  if (!hasCr && !endsWithBackslash && !value.includes("'")) return `'${value}'`;
  if (!hasCr && !endsWithBackslash && !value.includes('`')) return `\`${value}\``;
  if (!value.includes('"') && !value.includes('\\')) {
    return `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  }
  const reason = hasCr
    ? 'it holds a carriage return together with " or \\'
    : endsWithBackslash
      ? 'it ends with \\ and holds " or \\ elsewhere'
      : 'it holds \', ` and " or \\ together';
  throw new UnrepresentableValueError(key, 'dotenv', reason, ['json', 'shell']);
}

/** Writes variables as one JSON object (every value representable). */
export function formatJson(variables: Record<string, string>): string {
  return `${JSON.stringify(variables, null, 2)}\n`;
}

/**
 * Writes `export KEY='value'` lines for `source` in bash or sh: single quotes keep `$`, backticks
 * and newlines literal, and `'` is written as `'\''`.
 */
export function formatShell(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([key, value]) => `export ${checkKey(key, 'shell')}='${value.replace(/'/g, "'\\''")}'\n`)
    .join('');
}

/** Formats variables in the given format. */
export function formatVariables(format: OutputFormat, variables: Record<string, string>): string {
  switch (format) {
    case 'dotenv':
      return formatDotenv(variables);
    case 'json':
      return formatJson(variables);
    case 'shell':
      return formatShell(variables);
  }
}

function checkKey(key: string, format: OutputFormat): string {
  if (!ENV_NAME.test(key)) {
    throw new UnrepresentableValueError(key, format, 'the name is not a valid variable name', ['json']);
  }
  return key;
}
