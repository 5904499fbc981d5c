import type { HealthCheckConfig, ServiceConfig } from '@comptastar/constructs';
import type { Duration } from 'aws-cdk-lib';

/** Per-app overrides of ComptaStar's app settings (src/comptastar-apps.ts): anything but the app name. */
export type AppOverrides = Partial<Omit<ServiceConfig, 'appName' | 'healthCheck'>> & {
  readonly healthCheck?: Partial<HealthCheckConfig>;
};

/** The environment's VPC. */
export interface NetworkSettings {
  /** Availability Zones (2 to 6). @default 2 */
  readonly maxAzs?: number;
  /** NAT gateways (1 to maxAzs). @default - one per AZ for production, 1 otherwise */
  readonly natGateways?: number;
  /** IP range of the VPC. @default "10.0.0.0/16" */
  readonly cidr?: string;
}

/** The environment's pipeline, beyond the repository and branch. */
export interface PipelineSettings {
  /**
   * An existing GitHub (CodeConnections) connection.
   * @default - a new connection `<project>-<environment>-github`, activated once in the console
   */
  readonly connectionArn?: string;
  /** Only pushes touching these paths start the pipeline. @default - every push */
  readonly filePathsIncludes?: string[];
  /** Pushes touching only these paths do not start the pipeline. @default - none excluded */
  readonly filePathsExcludes?: string[];
  /** Build timeout (5 to 480 minutes). @default Duration.minutes(30) */
  readonly buildTimeout?: Duration;
}

/** AWS WAF of an environment's load balancers. */
export type WafConfig = 'managed' | { readonly webAclArn: string } | { readonly off: string };

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
  /**
   * ACM certificate for HTTPS listeners (both load balancers): HTTPS on 443, TLS 1.2+, HTTP redirects.
   * production must set this or `httpOnly: true` with `httpOnlyReason`.
   * @default - HTTP only
   */
  readonly certificateArn?: string;
  /**
   * Serve HTTP only, on purpose, without a certificate; `httpOnlyReason` says why.
   * @default - false (production must choose: certificateArn or httpOnly)
   */
  readonly httpOnly?: boolean;
  /** Why the environment serves HTTP only (shown in the summary, recorded for cdk-nag). Required with httpOnly. */
  readonly httpOnlyReason?: string;
  /**
   * AWS WAF on both load balancers: `'managed'` (AWS managed rule groups, a rate limit per IP,
   * metrics and a blocked-requests alarm), `{ webAclArn }` (your own regional web ACL), or
   * `{ off: '<reason>' }`.
   * @default - 'managed' for production-like environments (production, staging), off otherwise
   */
  readonly waf?: WafConfig;
  /** E-mail address subscribed to alarm, deployment and pipeline failure notifications. @default - none */
  readonly alarmEmail?: string;
  /** Load balancer deletion protection. @default - true for production, false otherwise */
  readonly deletionProtection?: boolean;
  /** The VPC. @default - 2 AZs; NAT gateways: one per AZ for production, 1 otherwise */
  readonly network?: NetworkSettings;
  /** Pipeline options. @default - every push to the branch deploys */
  readonly pipeline?: PipelineSettings;
  /** Per-app overrides; the keys are the apps deployed (`api`, `web`). */
  readonly apps: { readonly [appName: string]: AppOverrides };
}
