/**
 * A moto_server for one test file: started on a free loopback port, its output in a log file,
 * stopped by its process group id.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface MotoServer {
  readonly endpoint: string;
  readonly logFile: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-moto-')), 'moto.log');
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const endpoint = `http://127.0.0.1:${port}`;
  const server: MotoServer = {
    endpoint,
    logFile,
    reset: async () => {
      const status = await request('POST', `${endpoint}/moto-api/reset`);
      if (status !== 200) throw new Error(`moto reset failed: HTTP ${status}`);
    },
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await request('GET', `${endpoint}/moto-api/`)) < 500) return server;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`moto_server did not start on ${endpoint}; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One HTTP request without keep-alive, so no socket outlives the test. */
function request(method: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
