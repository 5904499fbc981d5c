import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../src/errors';
import { checkRepo, CheckRepoOptions, inspect, parseRepoApp } from '../src/repo-contract/check-repo';
import { rootScriptsOf } from '../src/repo-contract/root-scripts';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'comptastar-app');
/** The pipeline's default commands. */
const DEFAULT_COMMANDS = { lint: 'pnpm run lint', test: 'pnpm run test', build: 'pnpm run build' };
const APPS = [
  { name: 'backend', source: 'apps/backend' },
  { name: 'storefront', source: 'apps/storefront' },
];

/** A repository with everything the build needs: a Node.js server and a Next.js app. */
const COMPLETE: Record<string, string> = {
  'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'package.json': JSON.stringify({
    private: true,
    scripts: { lint: 'pnpm -r lint', test: 'pnpm -r test', build: 'pnpm -r build' },
  }),
  'apps/backend/package.json': JSON.stringify({
    name: 'backend',
    scripts: { build: 'tsc', 'start:prod': 'node dist/server.js' },
  }),
  'apps/backend/.env.example': 'PORT=8080\nDATABASE_URL=\n',
  'apps/storefront/package.json': JSON.stringify({ name: 'storefront', scripts: { start: 'next start' } }),
  'apps/storefront/next.config.ts': "const config = { output: 'standalone' };\nexport default config;\n",
  'apps/storefront/.env.example': 'PORT=3000\n',
};

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-repo-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes the complete repository with `changes` applied (a file set to undefined is left out). */
function repo(changes: Record<string, string | undefined> = {}): string {
  for (const [file, content] of Object.entries({ ...COMPLETE, ...changes })) {
    if (content === undefined) continue;
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

function options(overrides: Partial<CheckRepoOptions> = {}): CheckRepoOptions {
  return { root, apps: APPS, commands: DEFAULT_COMMANDS, ...overrides };
}

test('a complete repository passes with one ok line saying what it found', () => {
  repo();
  const lines: string[] = [];
  checkRepo(options({ log: (l) => lines.push(l) }));
  expect(lines).toEqual([
    `check-repo: the repository at ${root} has what the build needs (pnpm workspace; root scripts lint, test, build; ` +
      'backend: Node.js server, node dist/server.js; storefront: Next.js, standalone output)',
  ]);
});

test('the example application repository passes with the pipeline defaults', () => {
  const { missing } = inspect({
    root: EXAMPLE,
    apps: [
      { name: 'api', source: 'apps/api' },
      { name: 'web', source: 'apps/web' },
    ],
    commands: DEFAULT_COMMANDS,
  });
  expect(missing).toEqual([]);
});

test('shared workspace packages are not apps: no .env.example, start script or output asked of them', () => {
  repo({
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
    'packages/shared/package.json': JSON.stringify({
      name: '@acme/shared',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist'],
      scripts: { prepare: 'tsc', build: 'tsc' },
    }),
    'apps/backend/package.json': JSON.stringify({
      name: 'backend',
      scripts: { 'start:prod': 'node dist/server.js' },
      dependencies: { '@acme/shared': 'workspace:*' },
    }),
    'apps/storefront/package.json': JSON.stringify({
      name: 'storefront',
      dependencies: { '@acme/shared': 'workspace:*' },
    }),
  });
  expect(inspect(options()).missing).toEqual([]);
});

describe('each missing item is reported alone, with what to add', () => {
  test.each<[string, Record<string, string | undefined>, string]>([
    [
      'the workspace file',
      { 'pnpm-workspace.yaml': undefined },
      'pnpm-workspace.yaml is missing: add it with the app folders under packages (e.g. packages: ["apps/*"]); ' +
        'the bundler installs each Node.js server with `pnpm deploy`, which deploys a package of a pnpm workspace',
    ],
    [
      'the lockfile',
      { 'pnpm-lock.yaml': undefined },
      'pnpm-lock.yaml is missing: run `pnpm install` and commit it; ' +
        'the build installs with `pnpm install --frozen-lockfile`, which fails without a lockfile',
    ],
    [
      'the root package.json',
      { 'package.json': undefined },
      'package.json is missing: add the workspace\'s root package.json with the scripts the build runs: "lint", "test", "build"',
    ],
    [
      'a root script',
      { 'package.json': JSON.stringify({ scripts: { lint: 'eslint .', build: 'tsc -b' } }) },
      'package.json has no "test" script: the build\'s test step runs `pnpm run test`; ' +
        "add the script, or change the pipeline's testCommand",
    ],
    [
      'an app folder',
      { 'apps/backend/package.json': undefined, 'apps/backend/.env.example': undefined },
      'apps/backend is missing: the pipeline builds the app "backend" from this folder ' +
        '(its package.json, .env.example and build output)',
    ],
    [
      "an app's .env.example",
      { 'apps/backend/.env.example': undefined },
      'apps/backend/.env.example is missing: list the variables the app reads, one NAME= per line; ' +
        'the build checks that each has a parameter under /<environment>/backend/, and each instance ' +
        'starts the app only when its .env has a value for each',
    ],
    [
      "an app's package.json",
      { 'apps/backend/package.json': undefined },
      "apps/backend/package.json is missing: add the app's package.json: pnpm installs the app from it, " +
        'the bundler reads its name, version and start script',
    ],
    [
      "a Node.js server's package name",
      { 'apps/backend/package.json': JSON.stringify({ scripts: { start: 'node dist/server.js' } }) },
      'apps/backend/package.json has no "name": `pnpm deploy` selects the app by its package name',
    ],
    [
      'a start script',
      { 'apps/backend/package.json': JSON.stringify({ name: 'backend', scripts: { build: 'tsc' } }) },
      'apps/backend/package.json: it has no "start:prod" or "start" script: add "start:prod": "node dist/main.js" ' +
        '(the built entry file); the instances run that file with node under PM2',
    ],
    [
      'a start script that is not `node <entry>`',
      {
        'apps/backend/package.json': JSON.stringify({
          name: 'backend',
          scripts: { 'start:prod': 'nest start', start: 'node dist/server.js' },
        }),
      },
      'apps/backend/package.json: its "start:prod" script does not run `node <entry>`: add "start:prod": ' +
        '"node dist/main.js" (the built entry file); the instances run that file with node under PM2',
    ],
    [
      "a Next.js app's standalone output",
      { 'apps/storefront/next.config.ts': 'export default { reactStrictMode: true };\n' },
      "apps/storefront/next.config.ts does not set output: 'standalone': add it to the config object; " +
        '`next build` writes .next/standalone/**/server.js, the server the instances run, only with it',
    ],
  ])('%s', (_, changes, expected) => {
    repo(changes);
    expect(inspect(options()).missing).toEqual([expected]);
  });
});

test('an empty repository fails once, listing every item for every app', () => {
  fs.mkdirSync(path.join(root, 'apps', 'backend'), { recursive: true });
  fs.mkdirSync(path.join(root, 'apps', 'storefront'), { recursive: true });
  fs.writeFileSync(path.join(root, 'apps', 'storefront', 'next.config.mjs'), 'export default {};\n');
  let error: unknown;
  try {
    checkRepo(options());
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(CliError);
  const [head, ...items] = (error as CliError).message.split('\n');
  expect(head).toBe(`the repository at ${root} lacks 8 items the build needs:`);
  expect(items.map((i) => i.replace(/:.*/, ''))).toEqual([
    '  - pnpm-workspace.yaml is missing',
    '  - pnpm-lock.yaml is missing',
    '  - package.json is missing',
    '  - apps/backend/.env.example is missing',
    '  - apps/backend/package.json is missing',
    '  - apps/storefront/.env.example is missing',
    '  - apps/storefront/package.json is missing',
    '  - apps/storefront/next.config.mjs does not set output',
  ]);
});

describe('the root scripts the build commands need', () => {
  test('a step left out or empty needs no script, and then no root package.json', () => {
    repo({ 'package.json': undefined });
    expect(inspect(options({ commands: { lint: '', test: 'npx vitest run' } })).missing).toEqual([]);
  });

  test('`pnpm <name>` is a script, unless the root package.json declares a package of that name', () => {
    repo({ 'package.json': JSON.stringify({ devDependencies: { eslint: '9' } }) });
    expect(inspect(options({ commands: { lint: 'pnpm eslint .', build: 'pnpm tsc -b' } })).missing).toEqual([
      'package.json has no "tsc" script: the build\'s build step runs `pnpm tsc -b`; add the script ' +
        "(or write `pnpm exec tsc` for a program), or change the pipeline's buildCommand",
    ]);
  });

  test.each<[string, string[]]>([
    ['pnpm run lint', ['lint']],
    ['pnpm run-script lint -- --fix', ['lint']],
    ['pnpm -w run build', ['build']],
    ['pnpm test', ['test']],
    ['pnpm t', ['test']],
    ['pnpm lint && pnpm run typecheck; pnpm start', ['lint', 'typecheck', 'start']],
    ['pnpm -r build', []],
    ['pnpm --filter api build', []],
    ['pnpm run --if-present lint', []],
    ['pnpm exec tsc', []],
    ['pnpm install', []],
    ['npx eslint .', []],
  ])('`%s` runs the root scripts %j', (command, scripts) => {
    expect(rootScriptsOf(command).map((s) => s.name)).toEqual(scripts);
  });
});

test('--app takes <name>=<folder>', () => {
  expect(parseRepoApp('api=apps/api/')).toEqual({ name: 'api', source: 'apps/api' });
  expect(parseRepoApp('api=apps/a=b')).toEqual({ name: 'api', source: 'apps/a=b' });
  expect(() => parseRepoApp('api')).toThrow(
    new CliError('--app must be <name>=<folder>, e.g. api=apps/api, got "api"'),
  );
});

test('needs at least one app', () => {
  repo();
  expect(() => checkRepo(options({ apps: [] }))).toThrow(
    new CliError('check-repo needs at least one --app <name>=<folder>'),
  );
});
