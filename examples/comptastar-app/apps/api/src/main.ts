import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { APP_CONFIG, type AppConfig } from './config.js';
import { configureApp } from './setup.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  const config = app.get<AppConfig>(APP_CONFIG);
  configureApp(app, config);

  // On SIGTERM/SIGINT (PM2 stop/reload sends SIGINT) Nest runs the shutdown
  // hooks: HttpDrainService stops accepting connections, answers every request
  // still arriving on an open keep-alive socket with `Connection: close`, closes
  // sockets once answered and idle, then Nest closes the server and the process
  // exits with code 0 (useProcessExit) instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

  // Keep idle keep-alive connections open longer than the ALB's 60 s idle
  // timeout, or the ALB may reuse a connection Node has just closed (502s).
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;

  await app.listen(config.port, config.host);
  Logger.log(`API listening on http://${config.host}:${config.port}/api/v1 (pid ${process.pid})`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  Logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err), 'Bootstrap');
  process.exit(1);
});
