import { awscdk, javascript, release, typescript } from 'projen';
import { TaskShell } from 'projen';
import { PnpmMonorepo } from './projenrc/monorepo';
import { useSwcForJest } from './projenrc/jest-transform';
import { addWorkspaceLint } from './projenrc/workspace-lint';
import { addWorkspaceTasks } from './projenrc/workspace-tasks';
import * as v from './projenrc/versions';

const AUTHOR = 'ComptaStar';
const AUTHOR_ADDRESS = 'engineering@comptastar.example';
const REPOSITORY = 'https://github.com/comptastar/delivery-kit.git';

/** Settings every package shares: one toolchain, one formatter, one test runner. */
const common = {
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.PNPM,
  pnpmVersion: v.PNPM_VERSION,
  typescriptVersion: v.TYPESCRIPT_VERSION,
  minNodeVersion: v.NODE_MIN_VERSION,
  projenrcTs: false,
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  prettier: true,
  prettierOptions: { settings: { singleQuote: true, printWidth: 110 } },
  eslint: true,
  // Our code is type-checked; the declarations of aws-cdk-lib and the AWS SDK (more than a million
  // lines, checked by their authors) are not: each package's tsc in half the time.
  tsconfig: { compilerOptions: { skipLibCheck: true } },
  jestOptions: {
    jestVersion: v.JEST_VERSION,
    jestConfig: { testTimeout: 60_000 },
  },
  licensed: true,
  license: 'Apache-2.0',
  copyrightOwner: AUTHOR,
  author: AUTHOR,
  authorAddress: AUTHOR_ADDRESS,
};

const root = new PnpmMonorepo({
  ...common,
  name: '@comptastar/root',
  projenrcTs: true,
  projenVersion: '0.103.25',
  sampleCode: false,
  jest: false,
  eslint: false,
  licensed: false,
  disableTsconfig: true,
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    `constructs@${v.CONSTRUCTS_VERSION}`,
    // `npx projen build` runs the packages' tests at once.
    'concurrently@^9',
    // `npx projen lint`: one eslint run over every package (the packages' own .eslintrc.json).
    'eslint@^9',
    // `npx comptastar ...` at the root: the app's operations command.
    '@comptastar/app@workspace:*',
  ],
  pnpmOptions: {
    workspaceYamlOptions: {
      packages: ['packages/*'],
      onlyBuiltDependencies: ['esbuild'],
      // @swc/core's postinstall only checks its platform binary (an optional dependency) and would
      // fetch a WebAssembly fallback from the registry when it is missing.
      ignoredBuiltDependencies: ['@parcel/watcher', '@swc/core'],
    },
  },
  gitignore: ['cdk.out', 'test-reports/', '.tmp/'],
});
root.package.addField('private', true);
// `npx projen` on a fresh clone: install the workspace first, so .projenrc.ts can run at all.
root.defaultTask!.prependExec(`test -d node_modules || npx --yes pnpm@${v.PNPM_VERSION} install --frozen-lockfile`);
// jsii warns on every run that Node 20 is past its end of life; production and CodeBuild use 22.
root.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// -- packages/test-support: what the tests of several packages share (private, a leaf) ---------
const testSupport = new typescript.TypeScriptProject({
  ...common,
  parent: root,
  outdir: 'packages/test-support',
  name: '@comptastar/test-support',
  description: "What the packages' tests share: moto's server, the cfn-lint and cdk-nag gates, the CodeDeploy simulator.",
  sampleCode: false,
  // The CodeDeploy simulator plays CodeDeploy on moto's Auto Scaling, CloudWatch and ELBv2;
  // createFleetPrerequisites makes a launch template (EC2) and a target group on moto.
  deps: [
    '@aws-sdk/client-auto-scaling@^3',
    '@aws-sdk/client-cloudwatch@^3',
    '@aws-sdk/client-codedeploy@^3',
    '@aws-sdk/client-ec2@^3',
    '@aws-sdk/client-elastic-load-balancing-v2@^3',
  ],
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    // Types only (the nag gate takes the caller's pack): no run-time dependency on the CDK.
    `aws-cdk-lib@${v.AWS_CDK_LIB_VERSION}`,
    `constructs@${v.CONSTRUCTS_VERSION}`,
    `cdk-nag@${v.CDK_NAG_VERSION}`,
  ],
});
testSupport.package.addField('private', true);
testSupport.addTask('example', {
  description: 'Build examples/comptastar-app once (clean copy, install, build), cached by source hash, for every test that runs it',
  steps: [{ exec: `node -e "require('./lib').ensureExampleBuilt(console.log).then((dir) => console.log(dir))"` }],
});
// `@comptastar/test-support/moto`: moto's starter alone, for deploy-hooks' rehearsal (production code
// of a test tool), whose single-file CLI must not carry the simulator's AWS SDK clients.
testSupport.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './moto': { types: './lib/moto/moto-server.d.ts', default: './lib/moto/moto-server.js' },
  './jest-setup': './lib/jest-setup.js',
});
// TypeScript's node10 module resolution (these tsconfigs) reads typesVersions, not exports.
testSupport.package.addField('typesVersions', { '*': { moto: ['lib/moto/moto-server.d.ts'] } });

// -- packages/constructs: the published jsii library -----------------------------------------
const constructsLib = new awscdk.AwsCdkConstructLibrary({
  ...common,
  parent: root,
  outdir: 'packages/constructs',
  name: '@comptastar/constructs',
  description: 'CDK constructs that run a Node.js monorepo on EC2 with CodeDeploy blue/green deployments.',
  repositoryUrl: REPOSITORY,
  cdkVersion: v.AWS_CDK_LIB_VERSION,
  constructsVersion: v.CONSTRUCTS_VERSION,
  jsiiVersion: v.JSII_VERSION,
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    `cdk-nag@${v.CDK_NAG_VERSION}`,
    // The fleet handler's SDK clients: provided by the Node.js 22 Lambda runtime, never bundled.
    '@aws-sdk/client-auto-scaling@^3',
    '@aws-sdk/client-cloudwatch@^3',
    '@aws-sdk/client-codedeploy@^3',
    '@aws-sdk/client-elastic-load-balancing-v2@^3',
    '@aws-sdk/client-ssm@^3',
    '@aws-sdk/client-ec2@^3', // fleet integration test only (launch template, subnets on moto)
    '@types/aws-lambda@^8',
    // Built first by `pnpm -r`: its dist/kit is copied into assets/deploy-kit (BlueGreenPipeline).
    '@comptastar/deploy-hooks@workspace:*',
    '@comptastar/test-support@workspace:*',
  ],
  // Bundled handlers (src/**/*.lambda.ts) target Node.js 22; esbuild leaves @aws-sdk/* external.
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X },
  // API.md: jsii-docgen after every compile (a test fails when the committed file is stale).
  docgen: true,
  // Versions 0.x from the conventional commits since the last `constructs-v*` tag: `npx projen
  // release` bumps, builds, packs, prepends the notes to CHANGELOG.md, commits and tags (no push).
  release: true,
  releaseTrigger: release.ReleaseTrigger.manual({ gitPushCommand: '' }),
  releaseTagPrefix: 'constructs-',
  majorVersion: 0,
  sampleCode: false,
  excludeTypescript: ['test/**'],
});
// In CI, test/docs/api-docs.test.ts renders API.md from the same .jsii and fails on a stale file, so
// jsii-docgen runs once there; elsewhere the build rewrites API.md.
constructsLib.tasks.tryFind('docgen')!.addCondition('node -e "process.exit(process.env.CI ? 1 : 0)"');
// jsii-pacmak with projen's `--pack-command "pnpm pack"` first copies the package with every
// node_modules link dereferenced (aws-cdk-lib, TypeScript, jsii...): a minute of disk work. Its
// default `npm pack <dir>` packs the same files in place (devDependencies keep `workspace:*`,
// which no consumer installs).
constructsLib.tasks.tryFind('package:js')!.reset('jsii-pacmak -v --target js');
// jsii-pacmak names its tarball after the unscoped name (`constructs@0.0.0.jsii.tgz`, which reads
// like AWS's `constructs` package); give it the name `npm pack` gives: comptastar-constructs-0.0.0.tgz.
const unscoped = constructsLib.package.packageName.split('/').pop();
const packedName = constructsLib.package.packageName.replace(/^@/, '').replace('/', '-');
constructsLib.tasks.tryFind('package:js')!.exec(
  `set -euo pipefail; shopt -s failglob; for f in dist/js/${unscoped}@*.jsii.tgz; do ` +
    `v="\${f#dist/js/${unscoped}@}"; mv -v "$f" "dist/js/${packedName}-\${v%.jsii.tgz}.tgz"; done`,
  { shell: TaskShell.bash() },
);
// BlueGreenPipeline uploads the deploy-hooks kit of the same release; it ships in the npm package.
constructsLib.preCompileTask.exec(
  'rm -rf assets/deploy-kit && mkdir -p assets && cp -R ../deploy-hooks/dist/kit assets/deploy-kit',
);

// -- packages/app: the thin CDK app ----------------------------------------------------------
const app = new awscdk.AwsCdkTypeScriptApp({
  ...common,
  parent: root,
  outdir: 'packages/app',
  name: '@comptastar/app',
  cdkVersion: v.AWS_CDK_LIB_VERSION,
  cdkCliVersion: v.AWS_CDK_CLI_VERSION,
  constructsVersion: v.CONSTRUCTS_VERSION,
  deps: [
    '@comptastar/constructs@workspace:*',
    // `comptastar`, the operations command (src/ops/): status, why, rollback, pause, resume.
    // param-tool: its one-line explanation of AWS errors (CliError, describeAwsError).
    '@comptastar/param-tool@workspace:*',
    'commander@^14',
    '@inquirer/prompts@^7',
    '@aws-sdk/client-auto-scaling@^3',
    '@aws-sdk/client-cloudwatch@^3',
    '@aws-sdk/client-codedeploy@^3',
    '@aws-sdk/client-codepipeline@^3',
    '@aws-sdk/client-elastic-load-balancing-v2@^3',
  ],
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    `cdk-nag@${v.CDK_NAG_VERSION}`,
    '@comptastar/test-support@workspace:*',
    '@aws-sdk/client-ec2@^3', // a launch template and subnets for the tests' Auto Scaling groups on moto
  ],
  // Runs from the repository with ts-node (a dev dependency of the app): `npx comptastar --help`.
  bin: { comptastar: 'bin/comptastar' },
  sampleCode: false,
  appEntrypoint: 'main.ts',
  requireApproval: awscdk.ApprovalLevel.NEVER,
});
// ts-node type-checks on every synth (about 24 s); compile type-checks once, synth only transpiles.
app.cdkConfig.json.addOverride('app', 'npx ts-node --transpile-only -P tsconfig.json --prefer-ts-exts src/main.ts');
app.compileTask.exec('tsc --noEmit');
app.addTask('synth:all', {
  description: 'Synthesize every environment into cdk.out and print a summary per environment',
  steps: [{ exec: 'cdk synth --quiet' }],
});
// Offline and private: no notices fetched, no CLI telemetry sent.
app.cdkConfig.json.addOverride('notices', false);
// aws-cdk-lib validates every template at synth; with this recommended flag a finding fails `cdk synth`
// instead of printing a warning (feature flag docs: "Treat CloudFormation Validate findings as errors").
app.cdkConfig.json.addOverride('context.@aws-cdk/core:validateAgainstDefaultRules', true);
app.cdkConfig.json.addOverride('context.cli-telemetry', false);
app.tasks.addEnvironment('CDK_DISABLE_CLI_TELEMETRY', 'true');
app.addTask('diagram', {
  description: 'Regenerate docs/architecture.md (Mermaid) from the synthesized dev stack',
  steps: [{ exec: 'ts-node --transpile-only -P tsconfig.json src/diagram.ts' }],
});
app.addTask('bench', {
  description: 'Print the wall time of `cdk synth` of every environment (offline; goal <= 20 s on 2 cores)',
  steps: [{ exec: 'ts-node --transpile-only -P test/tsconfig.json test/bench.ts' }],
});

// -- packages/param-tool: .env.example -> SSM -> .env ------------------------------------------
const paramTool = new typescript.TypeScriptProject({
  ...common,
  parent: root,
  outdir: 'packages/param-tool',
  name: '@comptastar/param-tool',
  description: 'Creates SSM parameters from .env.example files and writes .env files from SSM.',
  sampleCode: false,
  deps: ['commander@^14', 'dotenv@^17', '@inquirer/prompts@^7', '@aws-sdk/client-ssm@^3', '@aws-sdk/credential-providers@^3'],
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    'esbuild@^0.28',
    'fast-check@^3',
    '@comptastar/test-support@workspace:*',
  ],
  bin: { 'param-tool': 'bin/param-tool' },
});
// One file that runs with plain `node` on the instances (SDK included); deploy-hooks copies dist/bundle/.
paramTool.addTask('bundle', {
  description: 'Bundle param-tool into dist/bundle/param-tool.cjs (node20, no node_modules needed) beside env-manager.sh',
  steps: [
    {
      exec: 'esbuild src/entry.ts --bundle --platform=node --target=node20 --format=cjs --log-level=warning --outfile=dist/bundle/param-tool.cjs',
    },
    { exec: 'cp bin/env-manager.sh dist/bundle/env-manager.sh' },
    { exec: 'chmod 755 dist/bundle/env-manager.sh dist/bundle/param-tool.cjs' },
  ],
});
paramTool.postCompileTask.spawn(paramTool.tasks.tryFind('bundle')!);
paramTool.addTask('bench', {
  description: 'Print API calls of pull (100 parameters) and a throttled 200-parameter -cf run against moto',
  steps: [
    { exec: 'esbuild test/bench.ts --bundle --platform=node --target=node20 --log-level=warning --outfile=.tmp/bench.cjs' },
    { exec: 'node .tmp/bench.cjs' },
  ],
});

// -- packages/deploy-hooks: appspec, lifecycle scripts, bundler, rehearsal ----------------------
const deployHooks = new typescript.TypeScriptProject({
  ...common,
  parent: root,
  outdir: 'packages/deploy-hooks',
  name: '@comptastar/deploy-hooks',
  description: 'CodeDeploy hooks, PM2 config and revision bundler for the ComptaStar apps.',
  sampleCode: false,
  // esbuild bundles a Node.js server into one file (`bundle`) and builds the kit's single-file CLI.
  // param-tool: every revision carries its bundle. test-support: the rehearsal starts moto with its starter.
  // yaml: the rehearsal reads a revision's appspec.yml as the agent does (files, permissions, hooks).
  deps: [
    'commander@^14',
    'esbuild@^0.28',
    '@comptastar/param-tool@workspace:*',
    '@comptastar/test-support@workspace:*',
    'yaml@^2',
  ],
  devDeps: [
    `@types/node@${v.TYPES_NODE_VERSION}`,
    'bats@^1.13',
    // The rehearsal runs the real PM2; the drain test's load generator.
    'pm2@^7',
    'autocannon@^8',
    '@types/autocannon@^7',
    'ts-node@^10',
  ],
  bin: { 'deploy-hooks': 'bin/deploy-hooks' },
});
// dist/kit: what CodeBuild runs (`node <kit>/bin/deploy-hooks.cjs bundle ...`) and constructs ships.
deployHooks.postCompileTask.spawn(
  deployHooks.addTask('kit', {
    description: 'Build dist/kit: the single-file CLI, the hooks, the templates and the param-tool bundle',
    steps: [{ exec: 'node bin/deploy-hooks kit --out dist/kit' }],
  }),
);
deployHooks.addTask('bench', {
  description:
    'Per example app: revision size, hook durations, total to healthy, beside a naive install+build; ' +
    "writes the measured hooks into the app's deploy-time budget",
  steps: [
    {
      exec: 'ts-node --transpile-only -P test/tsconfig.json test/bench.ts --budget-out ../app/src/hooks-budget.json',
    },
  ],
});
deployHooks.addTask('shellcheck', {
  description: 'Lint every bash script with shellcheck (Debian package `shellcheck`)',
  shell: TaskShell.bash(),
  steps: [{ exec: "find hooks -name '*.sh' -print0 | xargs -0 --no-run-if-empty shellcheck -x -S style" }],
});
deployHooks.addTask('test:bats', {
  description: 'Run the bats tests of the bash scripts',
  shell: TaskShell.bash(),
  steps: [{ exec: 'mkdir -p test-reports && set -o pipefail && bats --tap test/bats | tee test-reports/bats.tap' }],
});

// -- every package: jest writes a JSON report that the root totals -----------------------------
// A package's `test` runs jest then its eslint; the root build runs each package's `test:jest` and
// one workspace-wide `lint` instead (projenrc/workspace-lint.ts).
const JEST = 'jest --passWithNoTests --json --outputFile=test-reports/jest.json';
for (const p of [testSupport, constructsLib, app, paramTool, deployHooks]) {
  root.addWorkspacePackage(p);
  p.jest?.addTestMatch('<rootDir>/test/**/*.test.ts');
  useSwcForJest(p);
  p.addTask('test:jest', {
    description: "jest alone, writing test-reports/jest.json (the root build's test lanes)",
    steps: [{ exec: JEST, receiveArgs: true }],
  });
  p.testTask.reset();
  p.testTask.exec(JEST, { receiveArgs: true });
  p.testTask.spawn(p.eslint!.eslintTask);
}
// projen writes this handler wrapper; its format is projen's, and .prettierignore lists it, which a
// workspace-wide eslint run (cwd: the root) does not read.
constructsLib.eslint!.addIgnorePattern('src/fleet/fleet-handler-function.ts');
// Unit tests synthesize without aws-cdk-lib's built-in template validation; the quality gates run it
// (packages/test-support/src/quality/template-validation.ts).
for (const p of [constructsLib, app]) p.jest!.addSetupFile('@comptastar/test-support/jest-setup');
// After the loop's reset: the hooks' lint and bats tests run in deploy-hooks' `test`.
deployHooks.testTask.spawn(deployHooks.tasks.tryFind('shellcheck')!);
deployHooks.testTask.spawn(deployHooks.tasks.tryFind('test:bats')!);

// -- root tasks: compile, test and build (what CI runs) over the workspace -----------------------
addWorkspaceLint(root, [testSupport, constructsLib, app, paramTool, deployHooks]);
addWorkspaceTasks(root, { testSupport, paramTool, deployHooks, constructs: constructsLib, app });
const recursive = (script: string, filter: string) =>
  `pnpm -r --filter "${filter}" --workspace-concurrency=1 run ${script}`;
root.addTask('main', {
  description: 'Synthesize every environment into packages/app/cdk.out and print a summary',
  steps: [
    { exec: recursive('compile:full', '@comptastar/app^...') },
    { exec: 'pnpm --filter @comptastar/app run synth:all' },
  ],
});
root.addTask('bench', {
  description: "Print every package's benchmark table (each package's own `bench` task), one package at a time",
  steps: [{ exec: 'pnpm -r --workspace-concurrency=1 --if-present run bench' }],
});
root.addTask('totals', {
  description: 'Print "N passed, N failed" over every package test report',
  steps: [{ exec: 'node scripts/test-totals.mjs' }],
});

root.synth();
