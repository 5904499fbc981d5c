import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ENVIRONMENT, REGION } from './state';
import { CliError } from '../errors';
import { REVISION } from '../revision/layout';

export interface SeedOptions {
  /** .env.example keys not seeded. @default - none */
  readonly omit?: readonly string[];
  /** Seeded values that replace the .env.example's. @default - none */
  readonly set?: Readonly<Record<string, string>>;
}

/**
 * Seeds moto's SSM under `/rehearsal/<app>/` from the revision's .env.example, with the
 * revision's own param-tool (`-cf`): what a person does with param-tool before a deployment.
 */
export async function seedParameters(
  revision: string,
  app: string,
  endpoint: string,
  options: SeedOptions,
  workDir: string,
): Promise<void> {
  const omit = new Set(options.omit ?? []);
  const set = options.set ?? {};
  const keyOf = (line: string) => /^\s*([A-Za-z_][\w.-]*)\s*=/.exec(line)?.[1];
  const lines = fs
    .readFileSync(path.join(revision, REVISION.envExample), 'utf8')
    .split('\n')
    .filter((line) => !omit.has(keyOf(line) ?? ''))
    .map((line) => {
      const key = keyOf(line);
      return key && key in set ? `${key}=${set[key]}` : line;
    });
  const example = path.join(workDir, `${app}.env.example`);
  fs.writeFileSync(example, lines.join('\n'));
  const tool = path.join(revision, REVISION.tools, 'param-tool.cjs');
  const args = [tool, '-cf', '-e', ENVIRONMENT, '-a', app, '--file', example];
  args.push('--endpoint-url', endpoint, '--region', REGION, '--write-interval', '0', '--yes', '--overwrite');
  try {
    await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION },
      cwd: workDir,
    });
  } catch (err) {
    const e = err as { stderr?: string };
    throw new CliError(`seeding moto's SSM with param-tool failed: ${e.stderr?.trim() || String(err)}`);
  }
}
