/**
 * Expected failures of a command line over the AWS SDK, and the one-line explanation of an AWS
 * error. param-tool and the app's `comptastar` operations command both use these, each with its
 * own name as the prefix of the line and its own exit codes.
 */
import { CommanderError } from 'commander';

/** An expected failure: printed as one line (`<command>: <message>`), no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The process exit code: 1 for failures (param-tool uses 2 for invalid entries). */
    public readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** True for errors raised by the AWS SDK, its credential and token providers, or the network below it (not bugs of ours). */
export function isAwsError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: unknown; code?: unknown };
  return (
    e.$metadata !== undefined ||
    e.name === 'CredentialsProviderError' ||
    e.name === 'TokenProviderError' ||
    e.name === 'ProviderError' ||
    e.name === 'TimeoutError' ||
    /Region is missing|Could not load credentials|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/.test(
      e.message,
    ) ||
    (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
  );
}

/** How to word an AWS error for one command. */
export interface DescribeAwsErrorOptions {
  /**
   * The service whose endpoint a network failure could not reach, as the user knows it ('SSM').
   * @default 'AWS'
   */
  readonly service?: string;
}

/**
 * One line for an AWS error, saying what to do when we know: no credentials (with the SSO and
 * access-key ways in), no Region, an expired session or SSO token, access denied, a key KMS refused,
 * an endpoint that cannot be reached; anything else as `<ErrorName>: <message>`.
 */
export function describeAwsError(error: Error, options: DescribeAwsErrorOptions = {}): string {
  // The SDK wraps a network error of the HTTP handler as "AWS SDK error wrapper for <original>".
  const message = error.message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^AWS SDK error wrapper for /, '');
  // STS and the services answer ExpiredToken(Exception); the SDK's SSO credential and token
  // providers say "The SSO session associated with this profile has expired" or "Token is expired".
  if (
    /ExpiredToken|security token included in the request is expired|SSO session .*(has expired|is invalid)|Token is expired/i.test(
      `${error.name} ${message}`,
    )
  ) {
    return `the AWS session has expired (${error.name}): log in again (\`aws sso login\` for an SSO profile) or refresh the keys`;
  }
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return (
      `no AWS credentials found (${message}): pass --profile <name> (or set AWS_PROFILE), run \`aws sso login\` ` +
      'for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
    );
  }
  if (/Region is missing/i.test(message)) {
    return 'no AWS Region configured: pass --region or set AWS_REGION';
  }
  if (error.name === 'AccessDeniedException' || error.name === 'AccessDenied') {
    return `access denied: ${message}`;
  }
  if (/^KMS|Kms/.test(error.name) || /KMS|ciphertext|customer master key/i.test(message)) {
    return `KMS refused the key (check kms:Decrypt/kms:Encrypt on the key that encrypts the data): ${error.name}: ${message}`;
  }
  const network = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)\b/.exec(
    `${(error as Error & { code?: string }).code ?? ''} ${message}`,
  );
  if (network) {
    return `cannot reach the ${options.service ?? 'AWS'} endpoint (${network[1]}): ${message}`;
  }
  return `${error.name}: ${message}`;
}

/** Turns an AWS error into a one-line CliError prefixed with what failed; rethrows anything else. */
export function wrapAwsError(what: string, error: unknown, options: DescribeAwsErrorOptions = {}): never {
  if (isAwsError(error)) throw new CliError(`${what}: ${describeAwsError(error, options)}`);
  throw error;
}

/** How a command line reports its failures. */
export interface CliFailureOptions extends DescribeAwsErrorOptions {
  /** The command's name: every line starts with `<name>: `. */
  readonly name: string;
  /** Where the line goes. */
  readonly stderr: (text: string) => void;
  /** What to say when the user cancels a prompt (Ctrl-C): what was, or was not, changed. */
  readonly cancelled: string;
}

/**
 * The exit code of a failed command line, after printing an expected failure as one line: a
 * commander error (already printed by commander), a CliError (its exit code), an AWS error (1), a
 * cancelled prompt (1). Anything else is a bug and is rethrown, so that its stack trace is shown.
 */
export function reportCliFailure(error: unknown, options: CliFailureOptions): number {
  const say = (text: string) => options.stderr(`${options.name}: ${text}\n`);
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof CliError) {
    say(error.message);
    return error.exitCode;
  }
  if (isAwsError(error)) {
    say(describeAwsError(error, options));
    return 1;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    say(`cancelled: ${options.cancelled}`);
    return 1;
  }
  throw error;
}
