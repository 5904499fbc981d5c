/**
 * The constructs README's "Use it from a new repository", done as a new user does it: the
 * repository is written from the README's code blocks (each follows a `<!-- quickstart: <file> -->`
 * line), the library's packed tarball is copied to where its package.json points, plain npm
 * installs it outside the workspace (no workspace links), and the CDK CLI synthesizes it without
 * AWS credentials. The template must carry the README's product (acme, backend, storefront) and
 * nothing of ComptaStar.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const CONSTRUCTS_DIR = join(__dirname, '..', '..', 'constructs');
const TARBALL_DIR = join(CONSTRUCTS_DIR, 'dist', 'js');
const PACKED = /^comptastar-constructs-\d+\.\d+\.\d+\.tgz$/;

/**
 * Runs one step; a failure or a step over its time limit (the child is killed: a synchronous call
 * would otherwise block jest's own timeout) throws with the step and the child's stderr.
 */
function step(
  what: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): void {
  const timeout = 240_000;
  try {
    execFileSync(command, args, { ...options, stdio: 'pipe', timeout });
  } catch (e: any) {
    const reason =
      e.code === 'ETIMEDOUT' ? `still running after ${timeout / 1000} s, killed` : `${e.stderr ?? e}`;
    throw new Error(`${what} (\`${[command, ...args].join(' ')}\` in ${options.cwd}) failed: ${reason}`);
  }
}

/** The packed library: `npx projen package:js` in packages/constructs when missing or older than the compiled .jsii. */
function tarball(): string {
  const find = () =>
    existsSync(TARBALL_DIR) ? readdirSync(TARBALL_DIR).filter((f) => f.endsWith('.tgz')) : [];
  const built = join(CONSTRUCTS_DIR, '.jsii');
  const stale = (file: string) =>
    existsSync(built) && statSync(join(TARBALL_DIR, file)).mtimeMs < statSync(built).mtimeMs;
  if (find().length === 0 || find().some(stale)) {
    step(
      `no up-to-date tarball in ${TARBALL_DIR}; packing the library (compile it first: cd packages/constructs && npx projen compile)`,
      'npx',
      ['projen', 'package:js'],
      { cwd: CONSTRUCTS_DIR },
    );
  }
  const files = find();
  // The file a user copies is named after the package, never like AWS's own `constructs` package.
  expect(files).toEqual([expect.stringMatching(PACKED)]);
  return join(TARBALL_DIR, files[0]);
}

/** The README's quickstart files: { 'package.json': '...', 'cdk.json': '...', 'bin/app.ts': '...' }. */
function quickstartFiles(): Record<string, string> {
  const readme = readFileSync(join(CONSTRUCTS_DIR, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^<!-- quickstart: (\S+) -->\n```\w*\n([\s\S]*?)^```$/gm)];
  return Object.fromEntries(blocks.map(([, file, text]) => [file, text]));
}

/** Every string in a CloudFormation value (Fn::Join parts, Fn::Sub templates...), in order. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The environment of a machine without AWS credentials: no AWS_* variable, no config file, no instance metadata. */
function withoutAwsCredentials(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: '/nonexistent/aws/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

describe('the README quickstart: a new repository for acme, installed from the tarball with npm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acme-infrastructure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('synthesizes with cdk synth and no credentials: acme names, ports and health paths, nothing named comptastar', () => {
    const files = quickstartFiles();
    expect(Object.keys(files).sort()).toEqual(['bin/app.ts', 'cdk.json', 'package.json']);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    // The README's package.json names the tarball this build packs, where the README copies it.
    const tgz = tarball();
    const dependency = JSON.parse(files['package.json']).dependencies['@comptastar/constructs'];
    expect(dependency).toBe(`file:vendor/${basename(tgz)}`);
    mkdirSync(join(dir, 'vendor'));
    copyFileSync(tgz, join(dir, 'vendor', basename(tgz)));

    const env = withoutAwsCredentials();
    step(
      'npm install of the quickstart repository',
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir, env },
    );
    step('cdk synth of the quickstart repository', 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], {
      cwd: dir,
      env,
    });

    const out = join(dir, 'cdk.out');
    const template = JSON.parse(readFileSync(join(out, 'acme-prod.template.json'), 'utf8'));
    const resources = Object.entries<any>(template.Resources);
    const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

    // Each app's target group: name, port, health check path; its listener rule's path pattern.
    const targetGroups = ofType('AWS::ElasticLoadBalancingV2::TargetGroup');
    const pathPatternOf = (targetGroupId: string) =>
      ofType('AWS::ElasticLoadBalancingV2::ListenerRule')
        .filter(([, r]) => r.Properties.Actions.some((a: any) => a.TargetGroupArn?.Ref === targetGroupId))
        .flatMap(([, r]) => r.Properties.Conditions.flatMap((c: any) => c.PathPatternConfig?.Values ?? []));
    expect(
      targetGroups
        .map(([id, r]) => ({
          name: r.Properties.Name,
          port: r.Properties.Port,
          health: r.Properties.HealthCheckPath,
          paths: pathPatternOf(id),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'acme-prod-backend-tg', port: 8080, health: '/healthz', paths: ['/v2/*'] },
      { name: 'acme-prod-storefront-tg', port: 3000, health: '/api/health', paths: ['/*'] },
    ]);
    expect(
      ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')
        .map(([, r]) => r.Properties.Name)
        .sort(),
    ).toEqual(['acme-prod-backend-lb', 'acme-prod-storefront-lb']);
    expect(ofType('AWS::Logs::LogGroup').map(([, r]) => r.Properties.LogGroupName)).toContain(
      '/acme/prod/vpc/flow-logs',
    );
    const text = JSON.stringify(template);
    for (const name of ['acme-prod-backend-bg', 'acme-prod-storefront-bg', ':parameter/prod/backend/*']) {
      expect([name, text.includes(name)]).toEqual([name, true]);
    }
    // The pipeline builds acme/shop@main.
    const [[, pipeline]] = ofType('AWS::CodePipeline::Pipeline');
    const source = pipeline.Properties.Stages[0].Actions[0].Configuration;
    expect({ repository: source.FullRepositoryId, branch: source.BranchName }).toEqual({
      repository: 'acme/shop',
      branch: 'main',
    });

    // The assets come from the installed package: the bundled fleet handler and the deploy kit.
    const installed = join(dir, 'node_modules', '@comptastar', 'constructs');
    const packagedHandler = readFileSync(
      join(installed, 'assets', 'fleet', 'fleet-handler.lambda', 'index.js'),
    );
    const assets = readdirSync(out).filter((f) => f.startsWith('asset.'));
    const withFile = (file: string) => assets.filter((a) => existsSync(join(out, a, file)));
    expect(
      withFile('index.js').filter((a) => readFileSync(join(out, a, 'index.js')).equals(packagedHandler)),
    ).toHaveLength(1);
    const [kit] = withFile(join('bin', 'deploy-hooks.cjs'));
    expect(kit).toBeDefined();
    for (const file of [
      'hooks/start_server.sh',
      'templates/ecosystem.config.cjs',
      'param-tool/param-tool.cjs',
    ]) {
      expect([file, existsSync(join(out, kit, file))]).toEqual([file, true]);
    }

    // Nothing of ComptaStar in the template, nor in the user data the instances run.
    const userData = ofType('AWS::EC2::LaunchTemplate').map(([, r]) =>
      strings(r.Properties.LaunchTemplateData.UserData).join(''),
    );
    expect(userData).toEqual([expect.stringContaining('backend'), expect.stringContaining('storefront')]);
    const comptastar = (s: string) => s.split('\n').filter((line) => /comptastar/i.test(line));
    expect(userData.flatMap(comptastar)).toEqual([]);
    expect(text.match(/.{0,60}comptastar.{0,60}/gi) ?? []).toEqual([]);
  }, 900_000);
});
