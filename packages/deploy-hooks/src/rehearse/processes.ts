// The rehearsal starts moto (and finds free ports) with the workspace's test support: one starter for every test.
export { freePort, killProcessGroup, startMoto } from '@comptastar/test-support/moto';
export type { MotoServer } from '@comptastar/test-support/moto';

/** Polls until `check` resolves true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
