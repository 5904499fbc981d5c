import type { ServiceConfig } from '@comptastar/constructs';

/** Per-app overrides of the library's service defaults (everything but the app name). */
export type AppOverrides = Omit<ServiceConfig, 'appName'>;

/** What one file under src/environments/ describes: one deployment of ComptaStar. */
export interface EnvironmentConfig {
  /** Environment name; must equal the file name (`dev.ts` -> `dev`). */
  readonly environment: string;
  /** Project name, first part of every resource name. @default "comptastar" */
  readonly projectName?: string;
  /** AWS account. @default - CDK_DEFAULT_ACCOUNT (the CLI's current credentials) */
  readonly account?: string;
  /** AWS region. @default - CDK_DEFAULT_REGION */
  readonly region?: string;
  /** GitHub repository (`owner/name`) and branch the pipeline deploys from. */
  readonly github: { readonly repository: string; readonly branch: string };
  /** ACM certificate for HTTPS listeners. @default - HTTP only */
  readonly certificateArn?: string;
  /** E-mail address subscribed to alarm and deployment-failure notifications. @default - none */
  readonly alarmEmail?: string;
  /** Load balancer deletion protection. @default - true for production, false otherwise */
  readonly deletionProtection?: boolean;
  /** Per-app overrides; the keys are the apps deployed (`api`, `web`). */
  readonly apps: { readonly [appName: string]: AppOverrides };
}
