/** An expected failure: printed as one line (`comptastar: <message>`), exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** True for errors raised by the AWS SDK, its credential providers or the network below it. */
export function isAwsError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: unknown; code?: unknown };
  return (
    e.$metadata !== undefined ||
    e.name === 'CredentialsProviderError' ||
    e.name === 'ProviderError' ||
    e.name === 'TimeoutError' ||
    /Region is missing|Could not load credentials|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/.test(
      e.message,
    ) ||
    (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
  );
}

/** One line for an AWS error, with what to do when we know it. */
export function describeAwsError(error: Error): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return (
      'no AWS credentials found: pass --profile <name> (or set AWS_PROFILE), run `aws sso login` for an SSO ' +
      'profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
    );
  }
  if (/Region is missing/i.test(message)) return 'no AWS Region: pass --region or set AWS_REGION';
  if (/ExpiredToken|security token included in the request is expired/i.test(`${error.name} ${message}`)) {
    return `the AWS session has expired (${error.name}): log in again (\`aws sso login\`) or refresh the keys`;
  }
  if (error.name === 'AccessDeniedException' || error.name === 'AccessDenied') {
    return `access denied: ${message}`;
  }
  const network = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)\b/.exec(
    `${(error as Error & { code?: string }).code ?? ''} ${message}`,
  );
  if (network) return `cannot reach the AWS endpoint (${network[1]}): ${message}`;
  return `${error.name}: ${message}`;
}

/** Runs `fn`; an AWS error becomes a one-line CliError saying which call failed. */
export async function aws<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (isAwsError(e)) throw new CliError(`${what}: ${describeAwsError(e)}`);
    throw e;
  }
}
