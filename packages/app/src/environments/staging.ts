import type { EnvironmentConfig } from '../environment-config';

/** Pre-production: production's shape at a smaller scale, deploys `staging`. */
export const config: EnvironmentConfig = {
  environment: 'staging',
  region: 'eu-west-3', // Paris; the account comes from the CLI (CDK_DEFAULT_ACCOUNT)
  github: { repository: 'comptastar/comptastar', branch: 'staging' },
  network: { maxAzs: 2, natGateways: 1 },
  pipeline: { filePathsExcludes: ['docs/**', '**/*.md'] },
  apps: {
    api: { scaling: { minCapacity: 1, maxCapacity: 4 } },
    web: { scaling: { minCapacity: 1, maxCapacity: 4 } },
  },
};
