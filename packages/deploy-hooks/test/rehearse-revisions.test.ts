/**
 * The example apps' revisions (shared: bundled once per content version, see
 * support/revisions.ts): their content and size, and the API bundled without esbuild, deployed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanupFolders, MINUTE, newRoot, rehearseApp, workDir } from './support/rehearsal';
import { bundleExample, ExampleApp, sharedRevisions, zippedSize } from './support/revisions';

let revisions: Record<ExampleApp, string>;

beforeAll(async () => {
  revisions = await sharedRevisions();
}, 12 * MINUTE);

afterAll(cleanupFolders, 3 * MINUTE);

describe('the example revisions', () => {
  test.each<[ExampleApp, number]>([
    ['api', 15],
    ['web', 30],
  ])('%s zips within %i MB, without symlinks, with its metadata', (app, limitMb) => {
    expect(zippedSize(revisions[app])).toBeLessThan(limitMb * 1024 * 1024);
    expect(execFileSync('find', [revisions[app], '-type', 'l']).toString()).toBe('');
    const meta = JSON.parse(fs.readFileSync(path.join(revisions[app], 'revision.json'), 'utf8'));
    expect(meta).toMatchObject({ app, kind: app === 'api' ? 'nest' : 'next' });
    expect(fs.existsSync(path.join(revisions[app], meta.start.cwd, meta.start.script))).toBe(true);
    for (const f of [
      'appspec.yml',
      'ecosystem.config.cjs',
      '.env.example',
      'tools/env-manager.sh',
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      `tools/pm2-${require('pm2/package.json').version}.tgz`,
      'hooks/lib/common.sh',
      'hooks/lib/layout.env',
    ]) {
      expect(fs.existsSync(path.join(revisions[app], f))).toBe(true);
    }
  });

  test('the API is one esbuild bundle with its production dependencies, and no node_modules', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(revisions.api, 'revision.json'), 'utf8'));
    expect(meta.start).toEqual({
      cwd: 'app',
      script: 'dist/main.bundle.mjs',
      command: 'node dist/main.bundle.mjs',
    });
    expect(meta.server).toEqual({
      bundler: 'esbuild',
      external: [],
      // Nest's optional peers: imported only when an app uses them, as from node_modules.
      notInstalled: expect.arrayContaining(['@nestjs/microservices', '@nestjs/websockets']),
      nodeModules: false,
    });
    expect(fs.existsSync(path.join(revisions.api, 'app/node_modules'))).toBe(false);
    const server = fs.readFileSync(path.join(revisions.api, 'app', meta.start.script), 'utf8');
    // esbuild heads each bundled module with its path: production dependencies are inside (the
    // workspace package too, as `pnpm deploy` copied it), test-only ones are not.
    for (const dep of [
      '@nestjs/core',
      '@nestjs/terminus',
      'class-validator',
      'express',
      '@comptastar/http-drain',
    ]) {
      expect(server).toContain(`// node_modules/${dep}/`);
    }
    for (const dev of ['supertest', '@nestjs/testing', 'jest', 'typescript']) {
      expect(server).not.toContain(`// node_modules/${dev}/`);
    }
    // About 40 files instead of about 3,900: CodeDeploy copies each one.
    expect(
      Number(execFileSync('find', [revisions.api, '-type', 'f']).toString().split('\n').length),
    ).toBeLessThan(100);
  });

  test(
    'with --no-esbuild the API ships `pnpm deploy --prod` as it is (production dependencies only) and deploys',
    async () => {
      const plain = await bundleExample('api', path.join(workDir(), 'api-no-esbuild'), { esbuild: false });
      const modules = path.join(plain, 'app/node_modules');
      expect(fs.existsSync(path.join(modules, '@nestjs/core/package.json'))).toBe(true);
      // The shared workspace package: a real folder of its published build, no link into the workspace.
      expect(fs.lstatSync(path.join(modules, '@comptastar/http-drain')).isSymbolicLink()).toBe(false);
      expect(fs.readdirSync(path.join(modules, '@comptastar/http-drain')).sort()).toEqual([
        'dist',
        'package.json',
      ]);
      expect(execFileSync('find', [plain, '-type', 'l']).toString()).toBe('');
      for (const dev of ['jest', 'typescript', 'supertest', '@nestjs/testing']) {
        expect(fs.existsSync(path.join(modules, dev))).toBe(false);
      }
      const meta = JSON.parse(fs.readFileSync(path.join(plain, 'revision.json'), 'utf8'));
      expect(meta.start.script).toBe('dist/main.js');
      expect(meta.server).toBeUndefined();
      const r = await rehearseApp('api', { revision: plain, root: newRoot() });
      expect(r.failedEvent).toBeUndefined();
      expect(r.healthStatus).toBe(200);
    },
    5 * MINUTE, // a bundle with pnpm deploy, then a rehearsal: minutes on a loaded 2-core machine
  );

  test('the web app carries public/ and .next/static beside server.js', () => {
    const server = path.join(revisions.web, 'app/apps/web');
    expect(fs.readFileSync(path.join(server, 'public/robots.txt'), 'utf8')).toContain('User-agent');
    expect(fs.readdirSync(path.join(server, '.next/static')).length).toBeGreaterThan(0);
  });
});
