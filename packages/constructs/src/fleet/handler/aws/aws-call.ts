/** Every AWS call of the handler goes through here, so that a failure names the API call and the resource. */

/** An AWS call failed; the message names the call and the resource. */
export class AwsCallError extends Error {
  constructor(
    public readonly api: string,
    public readonly resource: string,
    public readonly cause: unknown,
  ) {
    const e = cause as { name?: string; message?: string };
    super(`${api} on ${resource} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(cause)}`);
    this.name = 'AwsCallError';
  }
}

/** Calls `fn`; a failure becomes an `AwsCallError` naming `api` and `resource`. */
export async function call<T>(api: string, resource: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new AwsCallError(api, resource, err);
  }
}

/** Calls `fn`, treating the listed error names (or messages matching `notFound`) as success. */
export async function callIgnoring(
  api: string,
  resource: string,
  fn: () => Promise<unknown>,
  ignore: { names?: string[]; notFound?: RegExp },
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (
      ignore.names?.includes(e?.name ?? '') ||
      (ignore.notFound && ignore.notFound.test(e?.message ?? ''))
    ) {
      return;
    }
    throw new AwsCallError(api, resource, err);
  }
}
