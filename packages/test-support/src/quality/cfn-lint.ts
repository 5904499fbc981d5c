import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What cfn-lint said: its exit code and its output (parseable format, one finding a line). */
export interface CfnLintResult {
  readonly status: number;
  readonly output: string;
}

/**
 * Runs cfn-lint (`cfn-lint` on PATH: `python3 -m pip install cfn-lint`) once over several
 * synthesized templates, since it starts slowly. Templates are keyed by a name for the file.
 */
export function cfnLint(templates: { [name: string]: unknown }, region: string): CfnLintResult {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  const files = Object.entries(templates).map(([name, template]) => {
    const file = join(dir, `${name}.template.json`);
    writeFileSync(file, JSON.stringify(template, undefined, 1));
    return file;
  });
  try {
    const output = execFileSync('cfn-lint', ['--format', 'parseable', '--regions', region, '--', ...files], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, output };
  } catch (error: any) {
    if (error.code === 'ENOENT') {
      throw new Error('cfn-lint is not on PATH: install it with `python3 -m pip install cfn-lint`');
    }
    return { status: error.status ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
