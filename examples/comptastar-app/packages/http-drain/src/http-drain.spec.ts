import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpDrain } from './http-drain.js';

// Every test asserts the order of events and their outcome, never how long something took: each wait
// that matters is either one the test controls (a request is answered when the test says so) or one
// that could never end without HttpDrain (keep-alive sockets outlive the test by minutes).
const MINUTES = 10 * 60_000;

interface Reply {
  status?: number;
  connection?: string;
  body: string;
  /** The request went out on a socket the agent had kept alive. */
  reused: boolean;
}

function get(port: number, path: string, agent: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          connection: res.headers.connection,
          body,
          reused: req.reusedSocket,
        }),
      );
    });
    req.on('error', reject);
  });
}

/** A request the server holds until the test answers it. */
interface Held {
  readonly res: http.ServerResponse;
  answer(): void;
}

describe('HttpDrain', () => {
  let server: http.Server;
  let port: number;
  let agent: http.Agent;
  /** Requests to /held, in arrival order, waiting for the test. */
  let held: Held[];
  let arrived: Array<(h: Held) => void>;
  /** The server's side of every connection, in the order they came. */
  let connections: Socket[];

  /** The next request to /held, once the server has it. */
  const nextHeld = () => new Promise<Held>((resolve) => arrived.push(resolve));

  async function listen(options: { idleGraceMs?: number; forceAfterMs?: number } = {}): Promise<HttpDrain> {
    held = [];
    arrived = [];
    connections = [];
    server = http.createServer((req, res) => {
      // Answered on a later turn, as an app does: HttpDrain's own request listener has run by then.
      if (req.url !== '/held') return void setImmediate(() => res.end(`done ${req.url}`));
      const h: Held = { res, answer: () => res.end(`done ${req.url}`) };
      const waiter = arrived.shift();
      if (waiter) waiter(h);
      else held.push(h);
    });
    server.on('connection', (socket: Socket) => connections.push(socket));
    // Far beyond any test: only HttpDrain can close a keep-alive socket here.
    server.keepAliveTimeout = MINUTES;
    const drain = new HttpDrain(server, { forceAfterMs: MINUTES, idleGraceMs: MINUTES, ...options });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    return drain;
  }

  beforeEach(() => {
    // One socket: every request of a test reuses the same keep-alive connection.
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(() => {
    agent.destroy();
    server.closeAllConnections();
    server.close();
  });

  it('finishes in-flight requests first, then closes an idle keep-alive socket after the grace', async () => {
    const drain = await listen({ idleGraceMs: 300 });
    const events: string[] = [];
    const other = new http.Agent({ keepAlive: true });
    try {
      // An idle keep-alive socket (the agent keeps it), then one in-flight request on another socket.
      expect(await get(port, '/', other)).toMatchObject({ status: 200, connection: 'keep-alive' });
      const [idle] = connections;
      const slow = get(port, '/held', agent);
      const inFlight = await nextHeld();
      expect(drain.inFlight).toBe(1);

      const idleClosed = once(idle, 'close').then(() => events.push('idle socket closed'));
      const drained = drain.drain().then(() => idle.destroyed);
      inFlight.res.once('finish', () => events.push('in-flight request answered'));
      // Two turns of the event loop: a socket destroyed when the drain began has emitted 'close' by now.
      await new Promise(setImmediate);
      await new Promise(setImmediate);
      inFlight.answer();
      expect(await slow).toMatchObject({ status: 200, connection: 'close', body: 'done /held' });
      // The drain ends once the idle socket is gone (it lives for minutes otherwise).
      expect(await drained).toBe(true);
      await idleClosed;
      // Not closed when the drain began (Node's server.close() would have): after the answer, by the grace.
      expect(events).toEqual(['in-flight request answered', 'idle socket closed']);
      expect(server.listening).toBe(false);
    } finally {
      other.destroy();
    }
  });

  it('answers a request sent on an idle keep-alive socket right after the drain began', async () => {
    // Grace and force far away: the drain can only end because the client closed the socket.
    const drain = await listen();
    const free = once(agent, 'free');
    expect(await get(port, '/first', agent)).toMatchObject({ status: 200, connection: 'keep-alive' });
    await free; // the socket is back in the agent's pool, idle on both sides

    const drained = drain.drain();
    // Written in the same tick as the drain: the socket looks idle to the server.
    const reply = await get(port, '/second', agent);
    expect(reply).toEqual({ status: 200, connection: 'close', body: 'done /second', reused: true });
    // The client closed the socket after that response: nothing is left to wait for.
    await drained;
    expect(server.listening).toBe(false);
  });

  it('refuses new connections once draining', async () => {
    const drain = await listen();
    void drain.drain();
    await expect(get(port, '/', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts a request still running at forceAfterMs', async () => {
    const drain = await listen({ forceAfterMs: 200 });
    // Never answered: only the force can end it, and the drain with it.
    const hanging = get(port, '/held', agent);
    await nextHeld();
    await drain.drain();
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
