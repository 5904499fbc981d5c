import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain.js';

function get(port: number, path: string, agent: http.Agent) {
  return new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

describe('HttpDrain', () => {
  it('finishes in-flight requests and closes keep-alive sockets promptly', async () => {
    const server = http.createServer((req, res) => {
      const delay = req.url === '/slow' ? 300 : 0;
      setTimeout(() => res.end('ok'), delay);
    });
    server.keepAliveTimeout = 65_000;
    const drain = new HttpDrain(server, 10_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true });
    try {
      // An idle keep-alive socket, then one in-flight request on another socket.
      expect(await get(port, '/', agent)).toEqual({ status: 200, connection: 'keep-alive' });
      const slow = get(port, '/slow', agent);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(drain.inFlight).toBe(1);

      const started = Date.now();
      drain.start();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      expect(await slow).toEqual({ status: 200, connection: 'close' });
      await closed;
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      agent.destroy();
      server.closeAllConnections();
    }
  });
});
