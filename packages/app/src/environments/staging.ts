import type { EnvironmentConfig } from '../environment-config';

export const config: EnvironmentConfig = {
  environment: 'staging',
  github: { repository: 'comptastar/comptastar', branch: 'staging' },
  apps: {
    api: { scaling: { minCapacity: 1, maxCapacity: 4 } },
    web: { scaling: { minCapacity: 1, maxCapacity: 4 } },
  },
};
