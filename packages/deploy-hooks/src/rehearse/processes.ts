import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` resolves true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Kills a detached child's whole process group, then waits for it to exit. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** moto's server on loopback: stands in for SSM during a rehearsal. */
export class MotoServer {
  static async start(logFile: string): Promise<MotoServer> {
    const port = await freePort();
    const log = fs.openSync(logFile, 'a');
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const moto = new MotoServer(child, `http://127.0.0.1:${port}`);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (e) =>
        reject(new Error(`moto_server could not start (${e.message}); see ${logFile}`)),
      );
    });
    await Promise.race([
      waitFor(async () => (await fetch(`${moto.url}/moto-api/`)).ok, 20_000, `moto_server on ${moto.url}`),
      failed,
    ]).catch(async (e) => {
      await moto.stop();
      throw e;
    });
    return moto;
  }

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  stop(): Promise<void> {
    return killGroup(this.child);
  }
}
