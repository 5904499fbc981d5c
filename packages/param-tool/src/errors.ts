/** An expected failure: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 1 for failures, 2 for invalid entries. */
    public readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** True for errors raised by the AWS SDK or the network below it (not bugs of ours). */
export function isAwsError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: unknown; code?: unknown };
  return (
    e.$metadata !== undefined ||
    e.name === 'CredentialsProviderError' ||
    e.name === 'ProviderError' ||
    e.name === 'TimeoutError' ||
    /Region is missing|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/.test(e.message) ||
    (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
  );
}

/** One line for an AWS error, saying what to do when we know. */
export function describeAwsError(error: Error): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  const code = (error as Error & { code?: string }).code;
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return `no AWS credentials found (use --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ${message}`;
  }
  if (/Region is missing/i.test(message)) {
    return 'no AWS Region configured: pass --region or set AWS_REGION';
  }
  if (error.name === 'AccessDeniedException') {
    return `access denied: ${message}`;
  }
  if (/^KMS|Kms/.test(error.name) || /KMS|ciphertext|customer master key/i.test(message)) {
    return `KMS refused the key (check kms:Decrypt/kms:Encrypt on the parameter's key): ${error.name}: ${message}`;
  }
  const network = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)\b/.exec(
    `${code ?? ''} ${message}`,
  );
  if (network) {
    return `cannot reach the SSM endpoint (${network[1]}): ${message.replace(/^AWS SDK error wrapper for /, '')}`;
  }
  return `${error.name}: ${message}`;
}

/** Turns an AWS error into a one-line CliError prefixed with what failed; rethrows anything else. */
export function wrapAwsError(what: string, error: unknown): never {
  if (isAwsError(error)) throw new CliError(`${what}: ${describeAwsError(error)}`);
  throw error;
}
