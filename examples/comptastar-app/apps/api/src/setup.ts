import { ValidationPipe, VersioningType } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config.js';

/**
 * Everything main.ts applies to the app besides listening, shared with the
 * e2e tests so they exercise the same routes (/api/v1/...) and validation.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useBodyParser('json', { limit: `${config.maxUploadMb}mb` });
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins });
  }
  return app;
}
