/**
 * A Node.js server that imports code shared through workspace packages (`workspace:*`), as
 * ComptaStar's apps share @comptastar/http-drain: a real pnpm workspace (no registry needed),
 * bundled in both modes and run from the revision, away from the workspace.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv } from '@comptastar/test-support';
import { layoutOf } from './support/layouts';
import { paramToolDir } from './support/revisions';
import { CliError } from '../src/errors';
import { bundle } from '../src/revision/bundle';
import { entryFiles, workspaceDependencies } from '../src/revision/workspace-packages';

const MINUTE = 60_000;
let tmp: string;
let repo: string;

/** apps/server imports @acme/greet, which imports @acme/words: both built to dist/, both publish only dist/. */
const FILES: Record<string, string> = {
  'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
  'package.json': JSON.stringify({ name: 'repo', private: true }),
  'packages/words/package.json': JSON.stringify({
    name: '@acme/words',
    version: '1.0.0',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
  }),
  'packages/words/src/index.ts': "export const hello = 'hello';\n",
  'packages/words/dist/index.js': "exports.hello = 'hello';\n",
  'packages/greet/package.json': JSON.stringify({
    name: '@acme/greet',
    version: '1.0.0',
    main: 'dist/index.js',
    files: ['dist'],
    dependencies: { '@acme/words': 'workspace:*' },
  }),
  'packages/greet/dist/index.js':
    "const { hello } = require('@acme/words');\nexports.greet = (name) => `${hello} ${name}`;\n",
  'apps/server/package.json': JSON.stringify({
    name: 'server',
    version: '1.0.0',
    scripts: { 'start:prod': 'node dist/main.js' },
    dependencies: { '@acme/greet': 'workspace:*' },
  }),
  'apps/server/.env.example': 'PORT=3001\n',
  'apps/server/dist/main.js':
    "const { greet } = require('@acme/greet');\nconsole.log(greet('from the instance'));\n",
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-packages-'));
  repo = path.join(tmp, 'repo');
  for (const [file, content] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), content);
  }
  execFileSync('pnpm', ['install', '--offline'], { cwd: repo, env: childEnv(), stdio: 'ignore' });
}, MINUTE);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const source = () => path.join(repo, 'apps/server');

test('the workspace dependencies of an app are found through the installed links, transitively', () => {
  expect(workspaceDependencies(source())).toEqual([
    { name: '@acme/greet', dir: fs.realpathSync(path.join(repo, 'packages/greet')) },
    { name: '@acme/words', dir: fs.realpathSync(path.join(repo, 'packages/words')) },
  ]);
});

test.each([
  ['with esbuild (one file)', true],
  ['with --no-esbuild (node_modules)', false],
])(
  'a server that imports workspace packages runs from its revision %s, with no workspace around it',
  async (_, esbuild) => {
    const out = path.join(tmp, `revision-${esbuild}`);
    const meta = await bundle({
      app: 'server',
      source: source(),
      out,
      layout: layoutOf('acme', 'server'),
      paramToolDir: paramToolDir(),
      esbuild,
    });
    const modules = path.join(out, 'app/node_modules');
    if (esbuild) {
      expect(meta.server).toMatchObject({ bundler: 'esbuild', nodeModules: false });
      expect(fs.existsSync(modules)).toBe(false);
    } else {
      expect(meta.server).toBeUndefined();
      // Real folders holding the published files (no symlink into the workspace, no sources).
      for (const pkg of ['@acme/greet', '@acme/words']) {
        expect(fs.lstatSync(path.join(modules, pkg)).isSymbolicLink()).toBe(false);
        expect(fs.existsSync(path.join(modules, pkg, 'dist/index.js'))).toBe(true);
      }
      expect(fs.existsSync(path.join(modules, '@acme/words/src'))).toBe(false);
    }
    // Moved away from the repository: only what the revision carries can be loaded.
    const instance = path.join(os.tmpdir(), `instance-${path.basename(tmp)}-${esbuild}`);
    fs.renameSync(out, instance);
    try {
      const stdout = execFileSync(process.execPath, [meta.start.script], {
        cwd: path.join(instance, meta.start.cwd),
        encoding: 'utf8',
      });
      expect(stdout).toBe('hello from the instance\n');
    } finally {
      fs.rmSync(instance, { recursive: true, force: true });
    }
  },
  2 * MINUTE,
);

test(
  'a workspace package that was not built fails the bundle, naming it, its folder and what to do',
  async () => {
    const dist = path.join(repo, 'packages/words/dist');
    fs.renameSync(dist, `${dist}.aside`);
    try {
      const attempt = bundle({
        app: 'server',
        source: source(),
        out: path.join(tmp, 'revision-unbuilt'),
        layout: layoutOf('acme', 'server'),
        paramToolDir: paramToolDir(),
      });
      await expect(attempt).rejects.toThrow(CliError);
      await expect(attempt).rejects.toThrow(
        'workspace package without build output in the revision: @acme/words (packages/words) has no dist/index.js. ' +
          'Build each before bundling (`pnpm -r run build` builds a workspace package before the apps that depend ' +
          'on it) and publish its output (package.json "files", e.g. ["dist"]): `pnpm deploy` copies only the files a package publishes',
      );
    } finally {
      fs.renameSync(`${dist}.aside`, dist);
    }
  },
  2 * MINUTE,
);

test(
  'a workspace package whose entry is TypeScript fails the bundle: Node.js runs no TypeScript from node_modules',
  async () => {
    const pkgFile = path.join(repo, 'packages/words/package.json');
    const built = fs.readFileSync(pkgFile, 'utf8');
    // The "internal package" pattern: the apps' bundlers compile the sources, a Node.js server cannot.
    fs.writeFileSync(
      pkgFile,
      JSON.stringify({ name: '@acme/words', exports: './src/index.ts', files: ['src'] }),
    );
    try {
      await expect(
        bundle({
          app: 'server',
          source: source(),
          out: path.join(tmp, 'revision-typescript'),
          layout: layoutOf('acme', 'server'),
          paramToolDir: paramToolDir(),
        }),
      ).rejects.toThrow(
        'workspace package whose entry is TypeScript: @acme/words (packages/words): src/index.ts. ' +
          'Node.js does not run TypeScript from node_modules: compile the package (e.g. tsc to dist/) and point ' +
          'its package.json "exports"/"main" at the JavaScript',
      );
    } finally {
      fs.writeFileSync(pkgFile, built);
    }
  },
  2 * MINUTE,
);

describe('entryFiles: where Node.js looks for a package', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'exports "." with conditions (types left out)',
      { exports: { '.': { types: './d.ts', import: './m.mjs', require: './c.cjs' } } },
      ['m.mjs', 'c.cjs'],
    ],
    ['exports as a string', { exports: './dist/index.js' }, ['dist/index.js']],
    ['exports as conditions only', { exports: { node: './n.js', default: './d.js' } }, ['n.js', 'd.js']],
    ['main without an extension', { main: 'lib/main' }, ['lib/main', 'lib/main.js', 'lib/main/index.js']],
    ['neither', {}, ['index.js']],
  ])('%s', (_, pkg, files) => {
    expect(entryFiles(pkg)).toEqual(files);
  });
});
