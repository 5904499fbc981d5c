/**
 * Builds examples/comptastar-app once per content version: a clean copy is installed
 * (`pnpm install --frozen-lockfile --prefer-offline`) and built (`pnpm run build`) under
 * os.tmpdir()/comptastar-example-<hash>, where <hash> covers every source file of the example.
 * Test files and the bench share it (cachedFolder: a lock keeps two jest workers from building twice).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedFolder, folderHash } from './cached-folder';

export const EXAMPLE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'comptastar-app');
/** Build output and machine-local files, never part of a clean copy. */
export const EXCLUDED_NAMES = new Set([
  'node_modules',
  '.next',
  'dist',
  'coverage',
  '.pnpm-store',
  'next-env.d.ts',
  '.env',
]);
const READY = '.example-build-ready';

/** Environment for child processes: the runner's, without npm/pnpm script variables or Jest's NODE_ENV. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) || key === 'NODE_ENV' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function included(file: string): boolean {
  return !EXCLUDED_NAMES.has(path.basename(file)) && !file.endsWith('.tsbuildinfo');
}

/** A hash of the example's source files (paths and contents), like a git tree hash. */
export function exampleHash(dir = EXAMPLE_DIR): string {
  return folderHash(dir, included);
}

function run(command: string, args: string[], cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 8 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
        reject(new Error(`${command} ${args.join(' ')} failed (code ${code}) in ${cwd}\n${tail}`));
      }
    });
  });
}

/** The folder of a built clean copy of the example (built now unless cached). */
export async function ensureExampleBuilt(log: (line: string) => void = () => undefined): Promise<string> {
  const started = Date.now();
  const target = path.join(os.tmpdir(), `comptastar-example-${exampleHash()}`);
  const { dir, made } = await cachedFolder(
    target,
    async () => {
      fs.cpSync(EXAMPLE_DIR, target, { recursive: true, filter: included });
      const logFile = `${target}.build.log`;
      await run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], target, logFile);
      await run('pnpm', ['run', 'build'], target, logFile);
    },
    // Inside the copy, where every earlier version of this code looked for it.
    { readyMark: path.join(target, READY) },
  );
  if (made) log(`built examples/comptastar-app in ${dir} in ${Date.now() - started} ms`);
  return dir;
}
