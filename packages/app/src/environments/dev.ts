import type { EnvironmentConfig } from '../environment-config';

/** Developers' environment: the per-app defaults of the library, one NAT gateway, deploys `develop`. */
export const config: EnvironmentConfig = {
  environment: 'dev',
  region: 'eu-west-3', // Paris; the account comes from the CLI (CDK_DEFAULT_ACCOUNT)
  github: { repository: 'comptastar/comptastar', branch: 'develop' },
  network: { maxAzs: 2, natGateways: 1 },
  pipeline: { filePathsExcludes: ['docs/**', '**/*.md'] },
  apps: {
    api: {},
    web: {},
  },
};
