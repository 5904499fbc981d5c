import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';
import { kitRoot } from './revision/layout';

/**
 * Writes the kit CodeBuild runs (`node <kit>/bin/deploy-hooks.cjs bundle ...`): the CLI as one
 * file with no node_modules, the hooks, the templates and param-tool's bundle.
 */
export async function buildKit(out: string, log: (line: string) => void): Promise<void> {
  const pkg = kitRoot();
  const target = path.resolve(out);
  fs.rmSync(target, { recursive: true, force: true });
  // esbuild is a devDependency, loaded here only: the bundled CLI keeps it external and never loads it.
  // eslint-disable-next-line import/no-extraneous-dependencies
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
  fs.cpSync(path.join(pkg, 'hooks'), path.join(target, 'hooks'), { recursive: true });
  fs.cpSync(path.join(pkg, 'templates'), path.join(target, 'templates'), { recursive: true });
  const paramTool = path.resolve(pkg, '..', 'param-tool', 'dist', 'bundle');
  // Every revision carries env-manager.sh; a kit without it would only fail later, in CodeBuild.
  if (!fs.existsSync(path.join(paramTool, 'env-manager.sh'))) {
    throw new CliError(`${paramTool} is not built: run \`npx projen build\` in packages/param-tool first`);
  }
  fs.cpSync(paramTool, path.join(target, 'param-tool'), { recursive: true });
  log(`kit written to ${target}`);
}
