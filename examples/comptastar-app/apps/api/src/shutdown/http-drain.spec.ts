import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain.js';

interface Reply {
  status?: number;
  connection?: string;
  body: string;
}

function get(port: number, path: string, agent: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HttpDrain', () => {
  let server: http.Server;
  let port: number;
  let agent: http.Agent;

  async function listen(options: { idleGraceMs?: number; forceAfterMs?: number } = {}): Promise<HttpDrain> {
    server = http.createServer((req, res) => {
      const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
      setTimeout(() => res.end(`done ${req.url}`), delay);
    });
    server.keepAliveTimeout = 65_000;
    const drain = new HttpDrain(server, { forceAfterMs: 10_000, ...options });
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

  it('finishes in-flight requests, then closes idle keep-alive sockets after the grace', async () => {
    const drain = await listen({ idleGraceMs: 300 });
    const other = new http.Agent({ keepAlive: true });
    try {
      // An idle keep-alive socket, then one in-flight request on another socket.
      expect(await get(port, '/', other)).toMatchObject({ status: 200, connection: 'keep-alive' });
      const slow = get(port, '/slow?ms=200', agent);
      await sleep(50);
      expect(drain.inFlight).toBe(1);

      const started = Date.now();
      const drained = drain.drain();
      expect(await slow).toEqual({ status: 200, connection: 'close', body: 'done /slow?ms=200' });
      await drained;
      const elapsed = Date.now() - started;
      // The idle socket was kept for the grace, and not for the 65 s keep-alive timeout.
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(elapsed).toBeLessThan(2_000);
      expect(server.listening).toBe(false);
    } finally {
      other.destroy();
    }
  });

  it('answers a request sent on an idle keep-alive socket right after the drain began', async () => {
    const drain = await listen({ idleGraceMs: 1_000 });
    expect(await get(port, '/first', agent)).toMatchObject({ status: 200, connection: 'keep-alive' });
    await sleep(20); // the socket is back in the agent's pool, idle on both sides

    const drained = drain.drain();
    // Written in the same tick as the drain: the socket looks idle to the server.
    const reply = await get(port, '/second', agent);
    expect(reply).toEqual({ status: 200, connection: 'close', body: 'done /second' });
    // The client closed the socket after that response: nothing is left to wait for.
    const started = Date.now();
    await drained;
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses new connections once draining', async () => {
    const drain = await listen();
    void drain.drain();
    await expect(get(port, '/', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts a request still running at forceAfterMs', async () => {
    const drain = await listen({ forceAfterMs: 200 });
    const hanging = get(port, '/hang?ms=1500', agent);
    await sleep(50);
    const started = Date.now();
    await drain.drain();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('is the same code as the web app copy', () => {
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
    expect(read('../../../web/lib/http-drain.ts')).toBe(read('./http-drain.ts'));
  });
});
