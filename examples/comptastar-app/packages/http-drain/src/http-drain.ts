import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface HttpDrainOptions {
  /** Connections still open this long after draining began are cut. */
  readonly forceAfterMs: number;
  /** A connection is closed once it has answered everything and sent nothing for this long. @default 1000 */
  readonly idleGraceMs?: number;
}

interface Connection {
  /** Requests received and not yet answered on this socket. */
  busy: number;
  /** When the socket last finished a response (or connected, or draining began). */
  idleSince: number;
}

/**
 * Lets an HTTP server drain on shutdown without resetting a keep-alive request.
 *
 * Node's `server.close()` closes the keep-alive sockets that look idle at that
 * instant, but a client may have just written its next request on one of them:
 * that request is reset unread (a 502 behind an ALB). Instead, `drain()`:
 * - stops accepting connections (the listening socket only),
 * - answers every request still arriving on an open connection, with
 *   `Connection: close` so the client closes the socket after the response,
 * - closes a connection only once it has answered everything and stayed idle
 *   for `idleGraceMs` (counted from the start of the drain at the earliest),
 * - cuts whatever is left after `forceAfterMs`,
 * and resolves once every connection is closed.
 */
export class HttpDrain {
  private readonly connections = new Map<Socket, Connection>();
  private readonly responses = new Set<ServerResponse>();
  private readonly idleGraceMs: number;
  private draining?: Promise<void>;

  constructor(
    private readonly server: Server,
    private readonly options: HttpDrainOptions,
  ) {
    this.idleGraceMs = options.idleGraceMs ?? 1_000;
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // A socket accepted before this drain was attached is tracked from its first request.
      const connection = this.connections.get(req.socket) ?? this.track(req.socket);
      connection.busy++;
      this.responses.add(res);
      if (this.draining) HttpDrain.closeAfter(res);
      res.once('close', () => {
        this.responses.delete(res);
        connection.busy--;
        connection.idleSince = Date.now();
      });
    });
  }

  /** Requests received and not yet answered. */
  get inFlight(): number {
    return this.responses.size;
  }

  /** Starts draining (once); resolves when the server has no connection left. */
  drain(): Promise<void> {
    this.draining ??= new Promise<void>((resolve) => {
      const started = Date.now();
      for (const res of this.responses) HttpDrain.closeAfter(res);
      for (const connection of this.connections.values()) {
        connection.idleSince = Math.max(connection.idleSince, started);
      }
      const sweep = setInterval(() => this.closeIdle(), Math.min(100, this.idleGraceMs));
      const force = setTimeout(() => this.server.closeAllConnections(), this.options.forceAfterMs);
      this.server.once('close', () => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      // net.Server's close: stop listening, but unlike http.Server's close() (Node >= 19)
      // without closing the keep-alive sockets that merely look idle right now.
      NetServer.prototype.close.call(this.server);
    });
    return this.draining;
  }

  /**
   * Node then sends "Connection: close" and ends the socket after this response. A response
   * already under way keeps its socket: the next request on it gets `Connection: close`.
   */
  private static closeAfter(res: ServerResponse): void {
    if (!res.headersSent) res.shouldKeepAlive = false;
  }

  private track(socket: Socket): Connection {
    const connection: Connection = { busy: 0, idleSince: Date.now() };
    this.connections.set(socket, connection);
    socket.once('close', () => this.connections.delete(socket));
    return connection;
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [socket, connection] of this.connections) {
      if (connection.busy === 0 && now - connection.idleSince >= this.idleGraceMs) socket.destroy();
    }
  }
}
