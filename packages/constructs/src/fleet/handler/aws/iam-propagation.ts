/** Waiting out IAM propagation: creates that name a role or profile IAM has not propagated yet. */
import { AwsCallError } from './aws-call';

/** How the handler waits out IAM propagation; tests shorten it and pass a fake clock. */
export interface PropagationOptions {
  /** Longest time a create is retried while a just-created role or profile propagates. @default 2 minutes */
  readonly propagationTimeoutMs?: number;
  /** Pause between two tries. @default 10 seconds */
  readonly propagationRetryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

/**
 * Errors that a just-created IAM role or instance profile gives until IAM has propagated it
 * (IAM user guide, "Changes that I make are not always immediately visible"): CodeDeploy answers
 * InvalidRoleException ("Cannot assume role provided", "AWS CodeDeploy does not have the
 * permissions required to assume the role"); Auto Scaling answers ValidationError naming the
 * instance profile, or that the caller is not authorized to launch from the template.
 */
export function isIamPropagationError(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  const message = e?.message ?? '';
  if (e?.name === 'InvalidRoleException') {
    return true;
  }
  if (e?.name === 'ValidationError') {
    return /iam ?instance ?profile|not authorized/i.test(message);
  }
  return false;
}

/** Retries `fn` while it fails with an IAM propagation error, for a bounded time. */
export async function whilePropagating<T>(
  options: PropagationOptions,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.propagationTimeoutMs ?? 2 * 60_000;
  const retryMs = options.propagationRetryMs ?? 10_000;
  const started = now();
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const cause = err instanceof AwsCallError ? err.cause : err;
      if (!isIamPropagationError(cause) || now() - started + retryMs > timeoutMs) {
        throw err;
      }
      (options.log ?? console.log)(
        `${what}: ${(cause as Error).message}; IAM may still be propagating a new role, retrying in ${retryMs / 1000} s`,
      );
      await sleep(retryMs);
    }
  }
}
