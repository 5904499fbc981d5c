/**
 * The generated buildspec of BlueGreenPipeline: a pure function of its inputs, so tests can
 * rehearse exactly what CodeBuild runs. Internal: not exported from the package index.
 */
import { bundleLayout } from '../service/hook-contract';
import { InstanceLayout } from '../service/instance-layout';

export { DEFAULT_PNPM_VERSION } from './tool-versions';

/** Where the build unpacks the deploy-hooks kit (`KIT_DIR`). */
export const KIT_DIR = '/tmp/deploy-kit';

/** Project-local pnpm store, cached in S3 (node_modules holds symlinks and is not cached). */
export const PNPM_STORE_DIR = '.pnpm-store';

/**
 * Next.js keeps its build cache in `<app>/.next/cache`; without it every build prints "No build
 * cache found" and compiles from scratch (Next.js docs, "Continuous Integration (CI) Build
 * Caching", whose AWS CodeBuild example caches `.next/cache` and everything below it). Listed for
 * every app: a path that matches nothing (a NestJS app) caches nothing.
 */
export function nextCachePath(app: BuildSpecApp): string {
  return `${app.sourcePath}/.next/cache/**/*`;
}

/** Folder under the source root where the build writes one revision folder per app. */
export const REVISIONS_DIR = '.revisions';

/** Environment variables the project sets; a repository buildspec can use them too. */
export const BUILD_ENV = {
  /** s3:// URL of the deploy-hooks kit zip. */
  kitUrl: 'DEPLOY_KIT_URL',
  /** Folder the kit is unpacked to. */
  kitDir: 'KIT_DIR',
} as const;

/** One app to bundle into a revision. */
export interface BuildSpecApp {
  readonly appName: string;
  /** The app's folder in the repository, e.g. `apps/api`. */
  readonly sourcePath: string;
  /** The `secondary-artifacts` identifier (= the pipeline output artifact name). */
  readonly artifactName: string;
}

export interface BuildSpecOptions {
  readonly apps: readonly BuildSpecApp[];
  /** The environment deployed: the parameter check looks under `/{environment}/{app}/`. */
  readonly environment: string;
  /** The instances' layout: each revision is bundled for it (`bundle --layout`). */
  readonly layout: InstanceLayout;
  readonly pnpmVersion: string;
  /** Commands; an empty string leaves the step out. */
  readonly lintCommand: string;
  readonly testCommand: string;
  readonly buildCommand: string;
}

/** The download of the kit from S3: a local rehearsal copies the kit instead. */
export const KIT_DOWNLOAD_COMMAND =
  `aws s3 cp "$${BUILD_ENV.kitUrl}" /tmp/deploy-kit.zip --only-show-errors` +
  ` && rm -rf "$${BUILD_ENV.kitDir}" && mkdir -p "$${BUILD_ENV.kitDir}"` +
  ` && unzip -q /tmp/deploy-kit.zip -d "$${BUILD_ENV.kitDir}"` +
  // Zip archives do not always keep the executable bit.
  ` && find "$${BUILD_ENV.kitDir}" -name '*.sh' -exec chmod +x {} +`;

/**
 * The kit's one run-time dependency (esbuild, pinned in its package.json), installed for the
 * build machine's platform: esbuild runs a native binary, so the kit cannot carry it.
 */
export const KIT_INSTALL_COMMAND = `npm install --prefix "$${BUILD_ENV.kitDir}" --omit=dev --no-audit --no-fund --loglevel=error`;

/** One bash word: the value in single quotes. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `node "$KIT_DIR/bin/deploy-hooks.cjs" check-repo ...`: the application-repository contract,
 * checked before anything is installed. It lists at once everything the repository lacks for this
 * build (pnpm workspace and lockfile, the root scripts the lint/test/build commands run, each
 * app's package.json, .env.example, and standalone Next.js output or `node <entry>` start script),
 * each with what to add, and fails the build. It needs nothing from the kit's `npm install`.
 */
export function checkRepoCommand(options: BuildSpecOptions): string {
  const steps = [
    ['lint', options.lintCommand],
    ['test', options.testCommand],
    ['build', options.buildCommand],
  ].filter(([, command]) => command.trim() !== '');
  return (
    `node "$${BUILD_ENV.kitDir}/bin/deploy-hooks.cjs" check-repo` +
    options.apps.map((app) => ` --app ${app.appName}=${app.sourcePath}`).join('') +
    steps.map(([step, command]) => ` --${step} ${shellQuote(command)}`).join('')
  );
}

/**
 * `node "$KIT_DIR/bin/deploy-hooks.cjs" bundle ... --layout '<json>'`: the deploy-hooks revision
 * contract. The layout (names and paths only: nothing the shell would expand) tells the revision
 * where it lands on the instances and where its hooks find the identity file.
 */
export function bundleCommand(app: BuildSpecApp, layout: InstanceLayout): string {
  return (
    `node "$${BUILD_ENV.kitDir}/bin/deploy-hooks.cjs" bundle --app ${app.appName}` +
    ` --source ${app.sourcePath} --out "$CODEBUILD_SRC_DIR/${REVISIONS_DIR}/${app.appName}"` +
    ` --layout '${JSON.stringify(bundleLayout(layout, app.appName))}'`
  );
}

/**
 * The pre-deploy parameter check of one app: every name of its `.env.example` must exist under
 * `/{environment}/{app}/` before a revision is packaged, or the build fails with the missing names and
 * the `param-tool` command that creates them. Names only (`param-tool check` calls DescribeParameters),
 * so the build role reads no secret value. CodeBuild sets AWS_REGION for the SDK.
 */
export function parameterCheckCommand(app: BuildSpecApp, environment: string): string {
  return (
    `node "$${BUILD_ENV.kitDir}/param-tool/param-tool.cjs" check --env ${environment} --app ${app.appName}` +
    ` --file ${app.sourcePath}/.env.example`
  );
}

/** The buildspec object (version 0.2) rendered into the CodeBuild project. */
export function renderBuildSpec(options: BuildSpecOptions): Record<string, unknown> {
  const [first] = options.apps;
  const optional = (command: string) => (command.trim() === '' ? [] : [command]);
  return {
    version: '0.2',
    env: {
      variables: {
        NEXT_TELEMETRY_DISABLED: '1',
        CI: 'true',
      },
    },
    phases: {
      install: {
        'runtime-versions': { nodejs: 22 },
        commands: [
          // The kit first: its check of the repository runs before any install.
          KIT_DOWNLOAD_COMMAND,
          checkRepoCommand(options),
          `npm install -g pnpm@${options.pnpmVersion}`,
          `pnpm config set store-dir ${PNPM_STORE_DIR}`,
          'pnpm install --frozen-lockfile',
        ],
      },
      pre_build: {
        commands: [KIT_INSTALL_COMMAND, ...optional(options.lintCommand), ...optional(options.testCommand)],
      },
      build: {
        commands: [
          ...optional(options.buildCommand),
          // Every app's parameters are checked before any revision is packaged.
          ...options.apps.map((app) => parameterCheckCommand(app, options.environment)),
          ...options.apps.map((app) => bundleCommand(app, options.layout)),
        ],
      },
    },
    artifacts: {
      // The primary artifact is what a single-output action receives; with several outputs,
      // CodePipeline matches each output artifact name to a secondary-artifacts identifier.
      'base-directory': `${REVISIONS_DIR}/${first.appName}`,
      files: ['**/*'],
      'secondary-artifacts': Object.fromEntries(
        options.apps.map((app) => [
          app.artifactName,
          { 'base-directory': `${REVISIONS_DIR}/${app.appName}`, files: ['**/*'] },
        ]),
      ),
    },
    cache: {
      paths: [`${PNPM_STORE_DIR}/**/*`, ...options.apps.map(nextCachePath)],
    },
  };
}
