/**
 * The esbuild step of `bundle` on small servers laid out as `pnpm deploy --prod` leaves them:
 * each bundle is then run with node, from a folder where nothing else can be resolved.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../src/errors';
import {
  bundleServer,
  packagesWithNativeAddons,
  ServerBundle,
  ServerBundleOptions,
} from '../src/revision/server-bundle';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'server-bundle-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), content);
  }
  return tmp;
}

/**
 * A CommonJS dependency that calls require, reads __dirname (which, bundled, is the bundle's
 * folder: why packages that read files beside them need --external) and its class's name.
 */
const GREET = {
  'node_modules/greet/package.json': '{"name":"greet","version":"1.0.0","main":"index.js"}',
  'node_modules/greet/index.js': [
    "const path = require('node:path');",
    'class Greeter { hello(who) { return `hello ${who} from ${Greeter.name} in ${path.basename(__dirname) === "greet" ? "its own folder" : "the bundle"}`; } }',
    'module.exports = { Greeter };',
  ].join('\n'),
};

/** bundleServer, expecting a bundle (it returns undefined when it ships the server unbundled). */
async function bundled(options: ServerBundleOptions): Promise<ServerBundle> {
  const r = await bundleServer(options);
  if (!r) throw new Error('expected a bundle, got the unbundled fallback');
  return r;
}

/** Runs a bundle with node from a copy of it alone in a new folder: nothing beside it to resolve. */
function runAlone(appDir: string, script: string): string {
  const alone = fs.mkdtempSync(path.join(tmp, 'alone-'));
  fs.cpSync(path.join(appDir, script), path.join(alone, path.basename(script)));
  if (fs.existsSync(path.join(appDir, 'node_modules'))) {
    fs.cpSync(path.join(appDir, 'node_modules'), path.join(alone, 'node_modules'), { recursive: true });
  }
  return execFileSync(process.execPath, [path.join(alone, path.basename(script))], {
    encoding: 'utf8',
  }).trim();
}

test('an ES module server and its CommonJS dependency become one file; node_modules goes', async () => {
  const appDir = write({
    ...GREET,
    // Installed but never imported: reported, since a computed import esbuild cannot see looks the same.
    'node_modules/unused/package.json': '{"name":"unused","version":"1.0.0"}',
    'package.json': '{"name":"srv","type":"module","dependencies":{"greet":"1.0.0"}}',
    'dist/main.js': [
      "import { Greeter } from 'greet';",
      // An optional peer, as Nest loads @nestjs/microservices: absent, and reached only on demand.
      "const optional = async () => import('not-installed-peer').catch(() => 'optional peer absent');",
      'console.log(new Greeter().hello(process.argv.length > 5 ? "x" : "world"), "|", await optional());',
    ].join('\n'),
  });
  const lines: string[] = [];
  const r = await bundled({ appDir, entry: 'dist/main.js', log: (l) => lines.push(l) });

  expect(r).toEqual({
    script: 'dist/main.bundle.mjs',
    external: [],
    notInstalled: ['not-installed-peer'],
    nodeModules: false,
  });
  expect(fs.existsSync(path.join(appDir, 'node_modules'))).toBe(false);
  // Class names survive (keepNames) and CommonJS globals work inside the ES module bundle.
  expect(runAlone(appDir, r.script)).toBe('hello world from Greeter in the bundle | optional peer absent');
  expect(lines).toContain(
    'not in the bundle (pass --external <name> if the server loads one at run time): unused',
  );
  expect(lines.join('\n')).toContain('not installed: not-installed-peer; node_modules dropped');
});

test('a CommonJS server gets a .cjs bundle', async () => {
  const appDir = write({
    ...GREET,
    'package.json': '{"name":"srv"}',
    'dist/main.js': "const { Greeter } = require('greet'); console.log(new Greeter().hello('cjs'));",
  });
  const r = await bundled({ appDir, entry: 'dist/main.js' });
  expect(r.script).toBe('dist/main.bundle.cjs');
  expect(runAlone(appDir, r.script)).toBe('hello cjs from Greeter in the bundle');
});

test('a package with a native addon stays external, and node_modules stays with it', async () => {
  const appDir = write({
    ...GREET,
    'node_modules/addon/package.json': '{"name":"addon","version":"1.0.0","main":"index.js"}',
    'node_modules/addon/index.js':
      "module.exports = { answer: () => 42, binary: 'build/Release/addon.node' };",
    'node_modules/addon/build/Release/addon.node': 'not really a binary: never loaded by this test',
    'package.json': '{"name":"srv","dependencies":{"greet":"1.0.0","addon":"1.0.0"}}',
    'dist/main.js': [
      "const { Greeter } = require('greet');",
      "const addon = require('addon');",
      "console.log(new Greeter().hello('native'), addon.answer());",
    ].join('\n'),
  });
  expect(packagesWithNativeAddons(path.join(appDir, 'node_modules'))).toEqual(['addon']);
  const r = await bundled({ appDir, entry: 'dist/main.js' });
  expect(r).toMatchObject({ external: ['addon'], nodeModules: true });
  expect(fs.readFileSync(path.join(appDir, r.script), 'utf8')).toContain('require("addon")');
  expect(runAlone(appDir, r.script)).toBe('hello native from Greeter in the bundle 42');
});

test('--external keeps a package that the server reads at run time', async () => {
  const appDir = write({
    ...GREET,
    'node_modules/assets/package.json': '{"name":"assets","version":"1.0.0","main":"index.js"}',
    'node_modules/assets/index.js':
      "module.exports = require('node:fs').readFileSync(__dirname + '/page.html', 'utf8');",
    'node_modules/assets/page.html': '<p>served from node_modules</p>',
    'package.json': '{"name":"srv","dependencies":{"assets":"1.0.0"}}',
    'dist/main.js': "console.log(require('assets'));",
  });
  const r = await bundled({ appDir, entry: 'dist/main.js', external: ['assets'] });
  expect(r).toMatchObject({ external: ['assets'], nodeModules: true });
  expect(runAlone(appDir, r.script)).toBe('<p>served from node_modules</p>');
});

test('a declared dependency loaded by a computed require leaves the server unbundled, node_modules and all', async () => {
  const appDir = write({
    ...GREET,
    // As terminus loads @nestjs/typeorm: loadPackage(name) -> createRequire(...)(name).
    'node_modules/plugin/package.json': '{"name":"plugin","version":"1.0.0","main":"index.js"}',
    'node_modules/plugin/index.js': "module.exports = 'plugin loaded at run time';",
    'package.json':
      '{"name":"srv","dependencies":{"greet":"1.0.0","plugin":"1.0.0","not-installed-peer":"1.0.0"}}',
    'dist/main.js': [
      "const { Greeter } = require('greet');",
      'const load = (name) => require(name);',
      "console.log(new Greeter().hello('plain'), '|', load(['plu', 'gin'].join('')));",
    ].join('\n'),
  });
  const lines: string[] = [];
  const r = await bundleServer({ appDir, entry: 'dist/main.js', log: (l) => lines.push(l) });
  expect(r).toBeUndefined();
  expect(lines).toContain(
    'not bundled: the bundle lacks the dependencies plugin (loaded by a computed require, or unused: ' +
      'then remove them from package.json); shipping node_modules as `pnpm deploy --prod` wrote them',
  );
  expect(fs.readdirSync(path.join(appDir, 'dist'))).toEqual(['main.js']);
  expect(
    execFileSync(process.execPath, [path.join(appDir, 'dist/main.js')], { encoding: 'utf8' }).trim(),
  ).toBe('hello plain from Greeter in its own folder | plugin loaded at run time');
});

test('a syntax error fails with the file, the reason and the two ways out', async () => {
  const appDir = write({ 'package.json': '{"name":"srv"}', 'dist/main.js': 'const = 1;' });
  const failure = bundleServer({ appDir, entry: 'dist/main.js' });
  await expect(failure).rejects.toBeInstanceOf(CliError);
  await expect(bundleServer({ appDir, entry: 'dist/main.js' })).rejects.toThrow(
    new RegExp(
      `^esbuild could not bundle ${path.join(appDir, 'dist/main.js')}: .*dist/main.js: Expected identifier but found "=" ` +
        '\\(list the package with --external, or pass --no-esbuild to ship node_modules as they are\\)$',
    ),
  );
});
