import { Server } from 'node:http';
import { HttpDrain } from '@comptastar/http-drain';

type Signal = 'SIGTERM' | 'SIGINT';

/**
 * Graceful shutdown for `next start` and the standalone server.js, installed
 * from instrumentation.ts when the server starts.
 *
 * Next.js 16 itself, on SIGTERM/SIGINT, closes the server, waits for every
 * connection (idle keep-alive sockets included, so up to keepAliveTimeout) and
 * exits with 143/130. With NEXT_MANUAL_SIG_HANDLE=true (Next's documented
 * switch that turns its own handlers off; the start script sets it) this module
 * drains instead (see HttpDrain): no new connection, every request still
 * arriving on an open keep-alive socket answered with `Connection: close`,
 * sockets closed once answered and idle, then exit code 0.
 * Without it, HttpDrain still answers with `Connection: close`, but Next's own
 * server.close() closes the sockets that look idle at the signal, so a request
 * written at that instant can be reset.
 */
export function installGracefulShutdown(): void {
  const marker = globalThis as { __comptastarShutdownInstalled?: boolean };
  if (marker.__comptastarShutdownInstalled) return;
  marker.__comptastarShutdownInstalled = true;

  const forceAfterMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) || 30_000;
  // Next.js does not expose its HTTP server; it is listening by now.
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const servers = handles.filter((h): h is Server => h instanceof Server);
  const drains = servers.map((server) => new HttpDrain(server, { forceAfterMs }));
  const manual = ['1', 'true'].includes((process.env.NEXT_MANUAL_SIG_HANDLE ?? '').toLowerCase());

  let started = false;
  const onSignal = (signal: Signal) => {
    if (started) return;
    started = true;
    const drained = Promise.all(drains.map((drain) => drain.drain()));
    if (!manual) return; // Next.js's own handler closes the server and exits.
    console.log(`${signal} received: draining ${servers.length} server(s), then exiting`);
    drained.then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(1), forceAfterMs + 5_000).unref();
  };
  // Run before Next.js's own listeners (present unless NEXT_MANUAL_SIG_HANDLE is set).
  process.prependListener('SIGTERM', () => onSignal('SIGTERM'));
  process.prependListener('SIGINT', () => onSignal('SIGINT'));
}
