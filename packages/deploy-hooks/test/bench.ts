/**
 * `pnpm bench` (projen task `bench`): per example app, the revision's zipped size, each hook's
 * duration and the time from BeforeInstall to healthy in a rehearsal, beside a naive deployment
 * measured in the same run (copy the sources to the "instance", pnpm install with an empty store
 * as on a new blue/green instance, build, start, wait for health). The rehearsal is a first deployment on a bare
 * instance root (PM2 unpacked from the revision), then a second one on the same root. Goals: <= 10 s, >= 10x faster than naive,
 * api <= 15 MB and web <= 30 MB zipped.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv, EXAMPLE_DIR, EXCLUDED_NAMES } from '@comptastar/test-support';
import { bundleExample, bundleExamples, ExampleApp, HEALTH, zippedSize } from './support/revisions';
import { cleanupRehearsal } from '../src/rehearse/pm2';
import { freePort, killProcessGroup, waitFor } from '../src/rehearse/processes';
import { rehearse, RehearsalResult } from '../src/rehearse/rehearse';

const START: Record<ExampleApp, { script: string; env: (port: number) => Record<string, string> }> = {
  api: { script: 'start:prod', env: (p) => ({ HOST: '127.0.0.1', PORT: String(p) }) },
  web: { script: 'start', env: (p) => ({ HOSTNAME: '127.0.0.1', PORT: String(p) }) },
};

function run(cmd: string, args: string[], cwd: string, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(log, 'a');
    const child = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed; see ${log}`)),
    );
  });
}

/** Install and build on the "instance", then start and wait for health: what the revision avoids. */
async function naive(app: ExampleApp, work: string): Promise<Record<string, number>> {
  const dir = path.join(work, `naive-${app}`);
  const log = `${dir}.log`;
  const t0 = Date.now();
  fs.cpSync(EXAMPLE_DIR, dir, { recursive: true, filter: (f) => !EXCLUDED_NAMES.has(path.basename(f)) });
  // Blue/green brings new instances on every deployment: their pnpm store starts empty.
  await run(
    'pnpm',
    ['install', '--frozen-lockfile', '--store-dir', path.join(work, `store-${app}`)],
    dir,
    log,
  );
  const t1 = Date.now();
  await run('pnpm', ['--filter', app, 'run', 'build'], dir, log);
  const t2 = Date.now();
  // The same build again, as CodeBuild's next build with `<app>/.next/cache` restored from its cache.
  let warmBuild: number | undefined;
  if (fs.existsSync(path.join(dir, 'apps', app, '.next', 'cache'))) {
    const w = Date.now();
    await run('pnpm', ['--filter', app, 'run', 'build'], dir, log);
    warmBuild = Date.now() - w;
  }
  const started = Date.now();
  const port = await freePort();
  const fd = fs.openSync(log, 'a');
  const child = spawn('pnpm', ['run', START[app].script], {
    cwd: path.join(dir, 'apps', app),
    env: childEnv({ NODE_ENV: 'production', ...START[app].env(port) }),
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}${HEALTH[app]}`)).status === 200,
      120_000,
      `naive ${app}`,
    );
  } finally {
    await killProcessGroup(child);
  }
  const startToHealthy = Date.now() - started;
  return {
    install: t1 - t0,
    build: t2 - t1,
    startToHealthy,
    // The naive deployment: install, a cold build, start (the warm build is not part of it).
    total: t2 - t0 + startToHealthy,
    ...(warmBuild === undefined ? {} : { warmBuild }),
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const fileCount = (dir: string) =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

async function rehearsed(revision: string, app: ExampleApp, root?: string): Promise<RehearsalResult> {
  const r = await rehearse({ revision, healthCheckPath: HEALTH[app], root, keepRunning: root !== undefined });
  if (r.failedEvent || r.healthStatus !== 200) {
    throw new Error(`rehearsal of ${app} failed at ${r.failedEvent}`);
  }
  return r;
}

/**
 * A first deployment on a bare instance root (BeforeInstall unpacks the revision's PM2; Node.js
 * is present, as Amazon Linux's dnf would leave it), then a second one on the same, now warm,
 * instance.
 */
async function bareThenWarm(
  revision: string,
  app: ExampleApp,
): Promise<{ bare: RehearsalResult; warm: RehearsalResult }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-instance-'));
  try {
    const bare = await rehearsed(revision, app, root);
    const warm = await rehearsed(revision, app, root);
    return { bare, warm };
  } finally {
    await cleanupRehearsal(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** CodeDeploy's copy of the files between BeforeInstall and AfterInstall: what the hooks do not account for. */
const installMs = (r: RehearsalResult) =>
  r.totalToHealthyMs! - r.hooks.reduce((sum, h) => sum + h.durationMs, 0);

/** `--budget-out <file>`: where to write the measured hook budget that packages/app's summary reads. */
function budgetOut(): string | undefined {
  const i = process.argv.indexOf('--budget-out');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const round = (ms: number) => Math.round(ms / 10) / 100;

async function main(): Promise<void> {
  const apps: ExampleApp[] = ['api', 'web'];
  const budget: Record<string, unknown> = {};
  console.log('building the example once and bundling its revisions...');
  const { dir, revisions } = await bundleExamples(apps);
  try {
    for (const app of apps) {
      const size = zippedSize(revisions[app]);
      const { bare: r, warm } = await bareThenWarm(revisions[app], app);
      const n = await naive(app, dir);
      console.log(`\n== ${app} ==`);
      console.log(
        `revision (zip)            ${(size / 1024 / 1024).toFixed(1)} MB, ${fileCount(revisions[app])} files`,
      );
      const [before, ...after] = r.hooks;
      for (const h of [before]) {
        console.log(`${h.event.padEnd(17)} ${h.script.padEnd(32)} ${s(h.durationMs)}`);
      }
      console.log(`${'Install'.padEnd(17)} ${'(files to the app dir)'.padEnd(32)} ${s(installMs(r))}`);
      for (const h of after) console.log(`${h.event.padEnd(17)} ${h.script.padEnd(32)} ${s(h.durationMs)}`);
      console.log(
        `BeforeInstall -> healthy  ${s(r.totalToHealthyMs!)} on a bare instance (PM2 unpacked from the revision)`,
      );
      console.log(
        `                          ${s(warm.totalToHealthyMs!)} on a warm instance (second deployment; BeforeInstall ${s(warm.hooks.find((h) => h.event === 'BeforeInstall')!.durationMs)})`,
      );
      console.log(
        `naive (on a new instance: install with an empty store + build + start): ${s(n.total)} ` +
          `(install ${s(n.install)}, build ${s(n.build)}, start to healthy ${s(n.startToHealthy)})`,
      );
      console.log(
        `speed-up                  ${(n.total / r.totalToHealthyMs!).toFixed(1)}x on a bare instance, ` +
          `${(n.total / warm.totalToHealthyMs!).toFixed(1)}x on a warm one (goal for api: >= 10x)`,
      );
      if (n.warmBuild !== undefined) {
        console.log(
          `build with .next/cache    ${s(n.warmBuild)} (cold ${s(n.build)}): what CodeBuild's cache of .next/cache saves`,
        );
      }
      if (app === 'api') {
        // The same revision without the esbuild step: what bundling the server into one file buys.
        const plain = await bundleExample(app, path.join(dir, 'api-no-esbuild'), { esbuild: false });
        const p = await rehearsed(plain, app);
        console.log(
          `with --no-esbuild         ${(zippedSize(plain) / 1024 / 1024).toFixed(1)} MB, ${fileCount(plain)} files: ` +
            `Install ${s(installMs(p))}, ValidateService ${s(p.hooks[p.hooks.length - 1].durationMs)}, ` +
            `BeforeInstall -> healthy ${s(p.totalToHealthyMs!)} (${(n.total / p.totalToHealthyMs!).toFixed(1)}x)`,
        );
      }
      budget[app] = {
        revisionZipMegabytes: Math.round((size / 1024 / 1024) * 10) / 10,
        hookSeconds: Object.fromEntries(r.hooks.map((h) => [h.event, round(h.durationMs)])),
        beforeInstallToHealthySeconds: round(r.totalToHealthyMs!),
        warmInstanceBeforeInstallToHealthySeconds: round(warm.totalToHealthyMs!),
      };
    }
    const out = budgetOut();
    if (out) {
      const measured = {
        description:
          "Deploy hooks measured by deploy-hooks' benchmark: a rehearsal of the CodeDeploy lifecycle on the example apps' " +
          'revisions, first deployment on a bare instance root (PM2 unpacked from the revision; Node.js present), 2 cores, loopback.',
        command: 'cd packages/deploy-hooks && npx projen bench',
        measuredOn: new Date().toISOString().slice(0, 10),
        apps: budget,
      };
      fs.writeFileSync(out, `${JSON.stringify(measured, null, 2)}\n`);
      console.log(`\nhook budget written to ${path.resolve(out)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
