/**
 * The library as other repositories get it: jsii-pacmak's npm tarball installed with plain npm in
 * a directory outside the workspace (no workspace links), then a stack with ComptaStarService and
 * BlueGreenPipeline synthesized by plain node from the installed packages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CONSTRUCTS_DIR = join(__dirname, '..', '..', 'constructs');
const TARBALL_DIR = join(CONSTRUCTS_DIR, 'dist', 'js');
const workspaceVersion = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

function tarball(): string {
  const find = () =>
    existsSync(TARBALL_DIR) ? readdirSync(TARBALL_DIR).filter((f) => f.endsWith('.tgz')) : [];
  const built = join(CONSTRUCTS_DIR, '.jsii');
  const stale = (file: string) =>
    existsSync(built) && statSync(join(TARBALL_DIR, file)).mtimeMs < statSync(built).mtimeMs;
  if (find().length === 0 || find().some(stale)) {
    try {
      execFileSync('npx', ['jsii-pacmak', '--targets', 'js'], { cwd: CONSTRUCTS_DIR, stdio: 'pipe' });
    } catch (e: any) {
      throw new Error(
        `no up-to-date tarball in ${TARBALL_DIR} and \`npx jsii-pacmak --targets js\` failed in packages/constructs ` +
          `(build the library first: cd packages/constructs && npx projen compile):\n${e.stderr ?? e}`,
      );
    }
  }
  const [file] = find();
  if (!file) throw new Error(`jsii-pacmak wrote no tarball to ${TARBALL_DIR}`);
  return join(TARBALL_DIR, file);
}

const SYNTH_SCRIPT = `
const { App, Stack } = require('aws-cdk-lib');
const { BlueGreenPipeline, BlueGreenService, Naming, Network } = require('@comptastar/constructs');
const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'consumer', { env: { region: 'eu-west-3' } });
const naming = new Naming({ projectName: 'consumer', environment: 'dev' });
const { vpc } = new Network(stack, 'Network');
const services = [['api', 3001], ['web', 3000]].map(([appName, port]) =>
  new BlueGreenService(stack, appName, { naming, vpc, service: { appName, port, healthCheck: { path: '/health' } } }));
new BlueGreenPipeline(stack, 'Pipeline', { naming, repository: 'consumer/app', services });
app.synth();
console.log(require.resolve('@comptastar/constructs'));
`;

describe('@comptastar/constructs from its npm tarball, outside the workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'comptastar-consumer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('installs with plain npm and synthesizes a service and a pipeline with the handler and deploy kit assets', () => {
    const tgz = tarball();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tgz,
        `aws-cdk-lib@${workspaceVersion('aws-cdk-lib')}`,
        `constructs@${workspaceVersion('constructs')}`,
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    writeFileSync(join(dir, 'synth.js'), SYNTH_SCRIPT);
    const out = join(dir, 'cdk.out');
    const resolved = execFileSync('node', ['synth.js', out], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
    expect(resolved).toBe(join(dir, 'node_modules', '@comptastar', 'constructs', 'lib', 'index.js'));

    const assets = readdirSync(out).filter((f) => f.startsWith('asset.'));
    const withFile = (file: string) => assets.filter((a) => existsSync(join(out, a, file)));
    // The fleet handler: the bundled file shipped in the package, byte for byte.
    const packagedHandler = readFileSync(
      join(
        dir,
        'node_modules',
        '@comptastar',
        'constructs',
        'assets',
        'fleet',
        'fleet-handler.lambda',
        'index.js',
      ),
    );
    const handlers = withFile('index.js').filter((a) =>
      readFileSync(join(out, a, 'index.js')).equals(packagedHandler),
    );
    expect(handlers).toHaveLength(1);
    // The deploy kit CodeBuild downloads: CLI, hooks, PM2 template, param-tool.
    const [kit] = withFile(join('bin', 'deploy-hooks.cjs'));
    expect(kit).toBeDefined();
    for (const file of [
      'hooks/start_server.sh',
      'templates/ecosystem.config.cjs',
      'param-tool/param-tool.cjs',
    ]) {
      expect([file, existsSync(join(out, kit, file))]).toEqual([file, true]);
    }
    const template = JSON.parse(readFileSync(join(out, 'consumer.template.json'), 'utf8'));
    const types = Object.values<any>(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'Custom::ConsumerFleet')).toHaveLength(2); // Custom::<projectTitle>Fleet
    expect(types.filter((t) => t === 'AWS::CodePipeline::Pipeline')).toHaveLength(1);
  }, 180_000);
});
