import type { EnvironmentConfig } from '../environment-config';

/**
 * Production: two instances per app at least, one NAT gateway per AZ (survives an AZ outage),
 * load balancer deletion protection, AWS WAF (the production default). Set alarmEmail, and replace
 * httpOnly by certificateArn once the domain's ACM certificate exists in eu-west-3.
 */
export const config: EnvironmentConfig = {
  environment: 'production',
  region: 'eu-west-3', // Paris; the account comes from the CLI (CDK_DEFAULT_ACCOUNT)
  github: { repository: 'comptastar/comptastar', branch: 'main' },
  deletionProtection: true,
  httpOnly: true,
  httpOnlyReason:
    'no domain and ACM certificate yet: set certificateArn (HTTPS on 443, HTTP redirects) before real users sign in',
  network: { maxAzs: 2 }, // natGateways: one per AZ (the production default)
  pipeline: { filePathsExcludes: ['docs/**', '**/*.md'] },
  apps: {
    api: { instanceType: 't3.medium', scaling: { minCapacity: 2, maxCapacity: 8, desiredCapacity: 2 } },
    web: { instanceType: 't3.small', scaling: { minCapacity: 2, maxCapacity: 6, desiredCapacity: 2 } },
  },
};
