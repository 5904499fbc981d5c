import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config.js';
import { HttpDrain } from '@comptastar/http-drain';

/**
 * Drains the HTTP server when Nest begins its shutdown sequence
 * (enableShutdownHooks: SIGTERM/SIGINT, or app.close()). Nest awaits this hook
 * before it calls server.close(), which would otherwise reset keep-alive
 * sockets that merely look idle; by then no connection is left.
 */
@Injectable()
export class HttpDrainService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private drain?: HttpDrain;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server) this.drain = new HttpDrain(server, { forceAfterMs: this.config.shutdownTimeoutMs });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain?.drain();
  }
}
