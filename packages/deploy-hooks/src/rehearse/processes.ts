// One moto starter, free-port finder and process-group stop for the workspace: param-tool's.
export { freePort, killProcessGroup, startMoto } from '@comptastar/param-tool/lib/moto/moto-server';

/** Polls until `check` resolves true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
