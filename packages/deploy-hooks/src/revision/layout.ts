import * as path from 'node:path';

/**
 * The revision contract: what a revision holds. Where it lands on an instance is the instance
 * layout the build passes to `bundle --layout` (see identity.ts).
 */
export const REVISION = {
  appspec: 'appspec.yml',
  metadata: 'revision.json',
  ecosystem: 'ecosystem.config.cjs',
  envExample: '.env.example',
  hooks: 'hooks',
  /** The instance layout the revision was built for, read by hooks/lib/common.sh (see identity.ts). */
  layoutEnv: 'hooks/lib/layout.env',
  tools: 'tools',
  app: 'app',
} as const;

/** A lifecycle event that runs a script, in CodeDeploy's order. */
export interface HookSpec {
  readonly event:
    'ApplicationStop' | 'BeforeInstall' | 'AfterInstall' | 'ApplicationStart' | 'ValidateService';
  readonly script: string;
  /** Seconds before CodeDeploy (and the rehearsal) fails the event. */
  readonly timeoutSeconds: number;
}

export const HOOKS: readonly HookSpec[] = [
  { event: 'ApplicationStop', script: 'stop_server.sh', timeoutSeconds: 120 },
  { event: 'BeforeInstall', script: 'install_dependencies.sh', timeoutSeconds: 600 },
  { event: 'AfterInstall', script: 'configure_environment.sh', timeoutSeconds: 120 },
  { event: 'ApplicationStart', script: 'start_server.sh', timeoutSeconds: 120 },
  { event: 'ValidateService', script: 'validate_service.sh', timeoutSeconds: 120 },
];

/** How the server was bundled, as revision.json records it. */
export interface ServerBundleRecord {
  readonly bundler: 'esbuild';
  /** Packages the bundle loads from node_modules at run time: given (--external), or with a native addon. */
  readonly external: readonly string[];
  /** Imports of packages that are not installed (optional peers such as @nestjs/microservices), left for run time. */
  readonly notInstalled: readonly string[];
  /** Whether the revision keeps node_modules (only when something external is installed). */
  readonly nodeModules: boolean;
}

/** What revision.json records. */
export interface RevisionMetadata {
  readonly app: string;
  readonly kind: 'nest' | 'next';
  /** How PM2 starts the app: `node <script>` in `<cwd>`, both relative to the revision root. */
  readonly start: { readonly cwd: string; readonly script: string; readonly command: string };
  /** Present when the server was bundled into start.script (see server-bundle.ts). */
  readonly server?: ServerBundleRecord;
  readonly version: string;
  readonly commit: string;
  readonly builtAt: string;
}

/**
 * The root of the kit or package this code runs from: `hooks/` and `templates/` sit beside
 * `bin/` (kit: dist/kit/bin/deploy-hooks.cjs) or `lib/`/`src/` (package).
 */
export function kitRoot(): string {
  return path.basename(__dirname) === 'bin' ? path.dirname(__dirname) : path.resolve(__dirname, '../..');
}
