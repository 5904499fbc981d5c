/**
 * pnpm's version is defined once (src/pipeline/tool-versions.ts); everything else that names it is
 * written from it (projen's package.json files, `.ci/run` reads the root one) or states it for people
 * (READMEs, the prop's @default). This test fails on any copy that drifted, saying where.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PNPM_VERSION } from '../../src/pipeline/tool-versions';

const REPO = join(__dirname, '..', '..', '..', '..');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const packageManager = (file: string) =>
  (JSON.parse(read(file)) as { packageManager?: string }).packageManager;

/** Every `pnpm@<version>` a text names, with its line. */
function pnpmVersionsIn(file: string): Array<[string, string]> {
  return read(file)
    .split('\n')
    .flatMap((line) =>
      [...line.matchAll(/pnpm@(\d+\.\d+\.\d+)/g)].map((m): [string, string] => [m[1], line.trim()]),
    );
}

test('the version is a plain semver version', () => {
  expect(DEFAULT_PNPM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});

test('every package.json projen writes pins the same pnpm (else: run `npx projen`)', () => {
  const files = [
    'package.json',
    ...readdirSync(join(REPO, 'packages')).map((p) => `packages/${p}/package.json`),
  ];
  expect(files.map((f) => [f, packageManager(f)])).toEqual(
    files.map((f) => [f, `pnpm@${DEFAULT_PNPM_VERSION}`]),
  );
});

test.each(['README.md', 'packages/constructs/README.md', 'examples/comptastar-app/README.md'])(
  '%s names that pnpm wherever it names one',
  (file) => {
    const named = pnpmVersionsIn(file);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(([version]) => version !== DEFAULT_PNPM_VERSION)).toEqual([]);
  },
);

test('the example application repository is built with the pnpm the pipeline installs', () => {
  expect(packageManager('examples/comptastar-app/package.json')).toBe(`pnpm@${DEFAULT_PNPM_VERSION}`);
});

test("BlueGreenPipelineProps.pnpmVersion's documented default is that pnpm", () => {
  const sources = readdirSync(join(REPO, 'packages/constructs/src/pipeline'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => read(`packages/constructs/src/pipeline/${f}`));
  const defaults = sources.flatMap((s) =>
    [...s.matchAll(/@default "([^"]*)"\s*\*\/\s*readonly pnpmVersion\?/g)].map((m) => m[1]),
  );
  expect(defaults).toEqual([DEFAULT_PNPM_VERSION]);
});
