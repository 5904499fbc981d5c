import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { freePort, killProcessGroup, startMoto } from '../src';

/** One request to moto without keep-alive: the status code and the body. */
function send(method: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether a process runs with this id (a zombie, dead but not yet reaped, does not count). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

describe('startMoto', () => {
  test('answers on a loopback port, reset forgets what was created, stop ends its process', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // moto routes a request without credentials to S3: PUT /<bucket> creates one, GET / lists them.
      expect(await send('PUT', `${moto.endpoint}/kept-bucket`)).toMatchObject({ status: 200 });
      const list = () => send('GET', `${moto.endpoint}/`);
      expect((await list()).body).toContain('<Name>kept-bucket</Name>');
      await moto.reset();
      expect((await list()).body).not.toContain('kept-bucket');
    } finally {
      await moto.stop();
    }
    await expect(send('GET', `${moto.endpoint}/moto-api/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await moto.stop(); // idempotent
  });

  test('without moto_server on PATH: an error that says so and names the log file', () => {
    // In a process of its own: Jest's process.env is a copy that child_process does not read.
    const script = `require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'moto', 'moto-server'))})
      .startMoto().then(() => console.log('started'), (e) => console.log(e.message))`;
    const result = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    expect(result.stdout.trim()).toMatch(
      /^moto_server could not start \(spawn moto_server ENOENT: is moto_server on PATH\?\) on http:\/\/127\.0\.0\.1:\d+; see .*moto\.log$/,
    );
  });
});

test('clientConfig is all an SDK client needs to talk to it', async () => {
  const moto = await startMoto();
  const client = new AutoScalingClient(moto.clientConfig);
  try {
    const out = await client.send(new DescribeAutoScalingGroupsCommand({}));
    expect(out.AutoScalingGroups).toEqual([]);
  } finally {
    client.destroy();
    await moto.stop();
  }
});

describe('freePort', () => {
  test('a port nothing listens on, that a server can then take', async () => {
    const port = await freePort();
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect((server.address() as { port: number }).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });
});

test('a process group is stopped as a whole: the child and its own child', async () => {
  // bash starts a sleep and prints its pid; both are in the group bash leads.
  const child = spawn('bash', ['-c', 'sleep 600 & echo $!; wait'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const grandchild = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  expect([alive(child.pid!), alive(grandchild)]).toEqual([true, true]);
  await killProcessGroup(child);
  // The sleep got the same SIGTERM as its parent: wait for it to be gone (the test's timeout bounds this).
  while (alive(grandchild)) await new Promise((r) => setTimeout(r, 50));
  expect([child.exitCode !== null || child.signalCode !== null, alive(grandchild)]).toEqual([true, false]);
});
