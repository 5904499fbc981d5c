import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MOTO_ENV } from '@comptastar/test-support';
import { runCli } from '../../src/cli';
import { PromptContext } from '../../src/commands/context';
import { SsmStore } from '../../src/store/ssm-store';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly endpoint: string;
  readonly prompt?: PromptContext;
  /** Sees each SSM store the run creates (to add middleware to its client). */
  readonly onStore?: (store: SsmStore) => void;
  /** Extra environment variables the tool sees. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `param-tool <args>` in-process against moto, capturing its output. */
export async function runTool(args: string[], options: RunOptions): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  // No pacing against moto (pull and check have no --write-interval).
  const pacing = args[0] === 'pull' || args[0] === 'check' ? [] : ['--write-interval', '0'];
  const code = await runCli(['node', 'param-tool', ...args, '--endpoint-url', options.endpoint, ...pacing], {
    cwd: options.cwd,
    env: { ...MOTO_ENV, ...options.env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    prompt: options.prompt,
    createStore: (o) => {
      const store = new SsmStore(o);
      options.onStore?.(store);
      return store;
    },
  });
  return { code, stdout, stderr };
}

/** A throw-away application monorepo: `apps/<app>/.env.example` for each given app. */
export function appRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'param-tool-repo-'));
  for (const [app, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, 'apps', app), { recursive: true });
    fs.writeFileSync(path.join(root, 'apps', app, '.env.example'), content);
  }
  return root;
}
