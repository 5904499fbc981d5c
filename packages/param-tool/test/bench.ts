// `npx projen bench`: API calls of `pull` for 100 parameters, and a 200-parameter `-cf` run with
// throttling injected on 1 in 5 writes. Runs against a moto_server it starts and stops.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { MOTO_ENV, startMoto } from '@comptastar/test-support';
import { runCli } from '../src/cli';
import { countCalls, injectThrottling, ThrottleStats } from './support/sdk';
import { SsmStore } from '../src/store/ssm-store';

async function main(): Promise<void> {
  Object.assign(process.env, MOTO_ENV);
  const moto = await startMoto();
  const rows: string[][] = [];
  try {
    const ssm = new SSMClient({ endpoint: moto.endpoint });
    for (let i = 0; i < 100; i++) {
      await ssm.send(
        new PutParameterCommand({ Name: `/bench/api/VAR_${i}`, Value: `value-${i}`, Type: 'String' }),
      );
    }
    ssm.destroy();

    // 1. pull of 100 parameters: GetParametersByPath calls.
    let calls = new Map<string, number>();
    let out = '';
    const pullStart = Date.now();
    const pullCode = await runCli(
      ['node', 'param-tool', 'pull', '--env', 'bench', '--app', 'api', '--endpoint-url', moto.endpoint],
      {
        env: { ...MOTO_ENV },
        stdout: (t) => (out += t),
        stderr: () => {},
        createStore: (o) => {
          const store = new SsmStore(o);
          calls = countCalls(store.client);
          return store;
        },
      },
    );
    const pulled = out.trim().split('\n').length;
    const byPath = calls.get('GetParametersByPathCommand') ?? 0;
    rows.push([
      'pull, 100 parameters',
      `${byPath} GetParametersByPath calls (goal ≤ ${Math.ceil(100 / 10) + 1}), ${pulled} variables written`,
      `${Date.now() - pullStart} ms`,
      pullCode === 0 && pulled === 100 && byPath <= 11 ? 'ok' : 'FAIL',
    ]);

    // 2. -cf of 200 parameters, 1 in 5 PutParameter attempts throttled.
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'param-tool-bench-'));
    fs.mkdirSync(path.join(repo, 'apps', 'api'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, 'apps', 'api', '.env.example'),
      Array.from({ length: 200 }, (_, i) => `SETTING_${i}=value-${i}`).join('\n'),
    );
    let stats: ThrottleStats = { attempts: 0, throttled: 0 };
    let stderr = '';
    const interval = process.env.BENCH_WRITE_INTERVAL ?? '0';
    const createStart = Date.now();
    const createCode = await runCli(
      [
        'node',
        'param-tool',
        '-cf',
        '--env',
        'bench',
        '--endpoint-url',
        moto.endpoint,
        '--write-interval',
        interval,
      ],
      {
        cwd: repo,
        env: { ...MOTO_ENV },
        stdout: () => {},
        stderr: (t) => (stderr += t),
        createStore: (o) => {
          const store = new SsmStore(o);
          stats = injectThrottling(store.client, 5);
          return store;
        },
      },
    );
    rows.push([
      `-cf, 200 parameters, 1 in 5 writes throttled (--write-interval ${interval})`,
      `${stats.attempts} PutParameter attempts, ${stats.throttled} throttled and retried, exit ${createCode}${stderr ? `, stderr: ${stderr.trim().split('\n').pop()}` : ', no error surfaced'}`,
      `${((Date.now() - createStart) / 1000).toFixed(1)} s`,
      createCode === 0 && stderr === '' && stats.attempts === 200 + stats.throttled ? 'ok' : 'FAIL',
    ]);
  } finally {
    await moto.stop();
  }
  const header = ['scenario', 'result', 'duration', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
    console.log(r.map((c, i) => c.padEnd(widths[i])).join(' | '));
  }
  if (rows.some((r) => r[3] !== 'ok')) process.exitCode = 1;
}

void main();
