import type { EnvironmentConfig } from '../environment-config';

export const config: EnvironmentConfig = {
  environment: 'dev',
  github: { repository: 'comptastar/comptastar', branch: 'develop' },
  apps: {
    api: {},
    web: {},
  },
};
