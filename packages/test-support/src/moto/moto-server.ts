/**
 * moto's server on loopback: the AWS APIs (SSM, Auto Scaling, EC2, ELBv2, CloudWatch) for the
 * packages' tests and for deploy-hooks' rehearsal. Needs `moto_server` on PATH
 * (`python3 -m pip install 'moto[server]'`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface MotoServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** What an AWS SDK v3 client needs to talk to this server: its endpoint, MOTO_ENV's Region and credentials. */
  readonly clientConfig: MotoClientConfig;
  /** moto_server's output. */
  readonly logFile: string;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the server's process group (SIGTERM, then SIGKILL after 3 s); idempotent. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Where moto_server writes its output. @default - moto.log in a new temporary folder */
  readonly logFile?: string;
  /** How long to wait for it to answer. @default 30000 */
  readonly timeoutMs?: number;
}

/** An SDK client's configuration for moto (endpoint, Region, dummy credentials). */
export interface MotoClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The one machine image moto serves here (see MOTO_IMAGES), for launch templates. */
export const MOTO_AMI = 'ami-12c6146b';

/**
 * Every image moto knows: one Amazon Linux 2023 image. By default moto's EC2 builds about 1,200 images
 * (its own list, the latest Amazon Linux and the ECS-optimized ones of the Region) each time its state
 * starts or is reset, which doubled the CPU time of a test that resets moto before each test.
 * `MOTO_AMIS_PATH` replaces that list (moto's EC2 documentation, "AMIs").
 */
const MOTO_IMAGES = [
  {
    ami_id: MOTO_AMI,
    name: 'al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.6.20241121.0 x86_64 HVM kernel-6.1',
    owner_id: '137112412989',
    public: true,
    state: 'available',
    image_type: 'machine',
    image_location: 'amazon/al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64',
    architecture: 'x86_64',
    virtualization_type: 'hvm',
    hypervisor: 'xen',
    root_device_type: 'ebs',
    root_device_name: '/dev/xvda',
    sriov: 'simple',
  },
];

/** The dummy credentials and Region an SDK client talking to moto uses. */
export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  // The SDK warns on Node.js < 22 (machines may have 20; production runs 22).
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const port = await freePort();
  const logFile = options.logFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moto-')), 'moto.log');
  const log = fs.openSync(logFile, 'a');
  const images = path.join(path.dirname(logFile), 'moto-images.json');
  fs.writeFileSync(images, JSON.stringify(MOTO_IMAGES));
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_AMIS_PATH: images },
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const endpoint = `http://127.0.0.1:${port}`;
  const server: MotoServer = {
    endpoint,
    clientConfig: {
      endpoint,
      region: MOTO_ENV.AWS_REGION,
      credentials: {
        accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY,
      },
    },
    logFile,
    reset: async () => {
      const status = await request('POST', `${endpoint}/moto-api/reset`);
      if (status !== 200) throw new Error(`moto reset failed: HTTP ${status}`);
    },
    stop: () => killProcessGroup(child),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if ((await request('GET', `${endpoint}/moto-api/`).catch(() => 0)) === 200) return server;
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      const why = spawnError
        ? `could not start (${spawnError.message}: is moto_server on PATH?)`
        : 'did not answer';
      throw new Error(`moto_server ${why} on ${endpoint}; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

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

/** Stops a detached child's whole process group: SIGTERM, SIGKILL after 3 s; resolves once it exited. */
export async function killProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** One HTTP request without keep-alive, so no socket outlives a test. */
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
