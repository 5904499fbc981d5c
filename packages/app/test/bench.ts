/**
 * `npx projen bench`: wall time of `cdk synth` of every environment (offline, the real CLI and
 * the app command of cdk.json), with what it produced. Goal: <= 20 s on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const GOAL_SECONDS = 20;

function main(): void {
  const out = mkdtempSync(join(tmpdir(), 'app-bench-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' };
    delete env.CDK_DEFAULT_ACCOUNT; // offline: no account, so no context lookups
    const start = process.hrtime.bigint();
    const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', out], {
      cwd: join(__dirname, '..'),
      env,
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      throw new Error(`cdk synth exited ${run.status}`);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const stacks = Object.entries<any>(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([name, a]) => {
        const file = join(out, a.properties.templateFile);
        const resources = Object.keys(JSON.parse(readFileSync(file, 'utf8')).Resources).length;
        return { name, resources, kb: statSync(file).size / 1024 };
      });
    const rows = [
      ['stack', 'resources', 'template'],
      ...stacks.map((s) => [s.name, String(s.resources), `${s.kb.toFixed(0)} KB`]),
    ];
    const width = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
    console.log(`\n@comptastar/app: cdk synth of every environment (${cpus().length} cores)`);
    console.log(line(rows[0]));
    console.log(line(width.map((w) => '-'.repeat(w))));
    rows.slice(1).forEach((r) => console.log(line(r)));
    const verdict = seconds <= GOAL_SECONDS ? 'within' : 'OVER';
    console.log(
      `\ncdk synth --quiet (${stacks.length} environments): ${seconds.toFixed(1)} s wall, ${verdict} the ${GOAL_SECONDS} s goal`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main();
