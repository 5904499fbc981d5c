import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRepoCommand, DEFAULT_PNPM_VERSION } from '../../src/pipeline/buildspec';
import { InstanceLayout } from '../../src/service/instance-layout';

const apps = [
  { appName: 'backend', sourcePath: 'services/backend', artifactName: 'backend_revision' },
  { appName: 'storefront', sourcePath: 'apps/storefront', artifactName: 'storefront_revision' },
];

test('the repository check receives each app with its folder, and each build command as one word', () => {
  // A stand-in kit whose CLI prints the arguments bash gave it.
  const kit = fs.mkdtempSync(path.join(os.tmpdir(), 'check-repo-args-'));
  fs.mkdirSync(path.join(kit, 'bin'));
  fs.writeFileSync(
    path.join(kit, 'bin', 'deploy-hooks.cjs'),
    'console.log(JSON.stringify(process.argv.slice(2)));\n',
  );
  const command = checkRepoCommand({
    apps,
    environment: 'prod',
    layout: new InstanceLayout('acme'),
    pnpmVersion: DEFAULT_PNPM_VERSION,
    lintCommand: "pnpm run lint -- --rule 'no-console: error'",
    testCommand: '',
    buildCommand: 'pnpm -r build && echo "$HOME"',
  });
  const argv = execFileSync('bash', ['-c', command], {
    env: { ...process.env, KIT_DIR: kit },
    encoding: 'utf8',
  });
  fs.rmSync(kit, { recursive: true });
  expect(JSON.parse(argv)).toEqual([
    'check-repo',
    '--app',
    'backend=services/backend',
    '--app',
    'storefront=apps/storefront',
    '--lint',
    "pnpm run lint -- --rule 'no-console: error'",
    '--build',
    'pnpm -r build && echo "$HOME"',
  ]);
});
