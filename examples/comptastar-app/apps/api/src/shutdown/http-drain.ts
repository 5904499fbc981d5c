import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Lets an HTTP server drain on shutdown without waiting for keep-alive sockets.
 *
 * `server.close()` stops accepting connections and closes idle ones, but a
 * response sent afterwards still says `Connection: keep-alive`, so its socket
 * stays open until keepAliveTimeout (65 s behind an ALB) and close() waits that
 * long. Once draining starts, every response not yet started (in flight or
 * arriving on an open keep-alive connection) is sent with `Connection: close`,
 * idle sockets are closed, and after `forceAfterMs` whatever is left is cut.
 */
export class HttpDrain {
  private draining = false;
  private readonly active = new Set<ServerResponse>();
  private forceTimer?: NodeJS.Timeout;

  constructor(
    private readonly server: Server,
    private readonly forceAfterMs: number,
  ) {
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.active.add(res);
      res.once('close', () => this.active.delete(res));
      if (this.draining) this.closeAfter(res);
    });
  }

  get inFlight(): number {
    return this.active.size;
  }

  start(): void {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.active) this.closeAfter(res);
    this.server.closeIdleConnections();
    this.forceTimer = setTimeout(() => this.server.closeAllConnections(), this.forceAfterMs);
    this.forceTimer.unref();
    this.server.once('close', () => clearTimeout(this.forceTimer));
  }

  private closeAfter(res: ServerResponse): void {
    if (!res.headersSent) {
      // Node then sends "Connection: close" and ends the socket after the response.
      res.shouldKeepAlive = false;
    } else {
      res.once('finish', () => res.socket?.end());
    }
  }
}
