import type { ServiceConfig } from '@comptastar/constructs';

/**
 * ComptaStar's two apps, as every environment deploys them: the NestJS api (global prefix `api`,
 * URI versioning, @nestjs/terminus health at /api/v1/health) and the Next.js web app (route
 * handler app/api/health). An environment file overrides any of these per app.
 */
export const COMPTASTAR_APPS: { readonly [appName: string]: ServiceConfig } = {
  api: {
    appName: 'api',
    port: 3001,
    healthCheck: { path: '/api/v1/health' },
    pathPattern: '/api/*',
    instanceType: 't3.small',
  },
  web: {
    appName: 'web',
    port: 3000,
    healthCheck: { path: '/api/health' },
    pathPattern: '/*',
    instanceType: 't3.micro',
  },
};
