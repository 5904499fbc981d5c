import type { EnvironmentConfig } from '../environment-config';

export const config: EnvironmentConfig = {
  environment: 'production',
  github: { repository: 'comptastar/comptastar', branch: 'main' },
  deletionProtection: true,
  apps: {
    api: { instanceType: 't3.medium', scaling: { minCapacity: 2, maxCapacity: 8 } },
    web: { instanceType: 't3.small', scaling: { minCapacity: 2, maxCapacity: 6 } },
  },
};
