import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';
import { kitRoot } from './revision/layout';
import { packPm2 } from './runtime';

/**
 * Writes the kit CodeBuild runs (`node <kit>/bin/deploy-hooks.cjs bundle ...`): the CLI as one
 * file, the hooks, the templates, param-tool's bundle, PM2 as one tarball (`runtime/`), and a
 * package.json that pins esbuild.
 * esbuild runs a native binary for the build machine's platform, so the kit does not carry it:
 * `npm install --prefix <kit>` on the build machine fetches the right one.
 */
export async function buildKit(out: string, log: (line: string) => void): Promise<void> {
  const pkg = kitRoot();
  const target = path.resolve(out);
  fs.rmSync(target, { recursive: true, force: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(pkg, 'src', 'main.ts')],
    outfile: path.join(target, 'bin', 'deploy-hooks.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['esbuild', 'pm2'],
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  fs.chmodSync(path.join(target, 'bin', 'deploy-hooks.cjs'), 0o755);
  fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(kitPackageJson(), null, 2)}\n`);
  fs.cpSync(path.join(pkg, 'hooks'), path.join(target, 'hooks'), { recursive: true });
  fs.cpSync(path.join(pkg, 'templates'), path.join(target, 'templates'), { recursive: true });
  const paramTool = path.resolve(pkg, '..', 'param-tool', 'dist', 'bundle');
  // Every revision carries env-manager.sh; a kit without it would only fail later, in CodeBuild.
  if (!fs.existsSync(path.join(paramTool, 'env-manager.sh'))) {
    throw new CliError(`${paramTool} is not built: run \`npx projen build\` in packages/param-tool first`);
  }
  fs.cpSync(paramTool, path.join(target, 'param-tool'), { recursive: true });
  // PM2 for the instances, shipped in every revision (no npm registry at deploy or scale-out time).
  packPm2(path.join(target, 'runtime'));
  log(`kit written to ${target}`);
}

/** The kit's package.json: its one run-time dependency, at the version the kit was built and tested with. */
export function kitPackageJson(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuildVersion = (require('esbuild/package.json') as { version: string }).version;
  return {
    name: 'deploy-kit',
    private: true,
    description: 'deploy-hooks kit: run `npm install` here, then `node bin/deploy-hooks.cjs bundle ...`',
    dependencies: { esbuild: esbuildVersion },
  };
}
