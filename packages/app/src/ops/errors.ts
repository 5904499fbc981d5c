// The AWS error explanation is param-tool's, shared by both command lines: one wording to keep true.
import { CliError, wrapAwsError } from '@comptastar/param-tool';

export { CliError, describeAwsError, isAwsError, reportCliFailure } from '@comptastar/param-tool';

/** Runs `fn`; an AWS error becomes a one-line CliError saying which call failed. */
export async function aws<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    return wrapAwsError(what, e);
  }
}
