import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Query,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config.js';

export const SLOW_MAX_MS = 10_000;

/**
 * GET /api/v1/slow?ms=N answers after N ms (0..10000). It gives the
 * graceful-shutdown tests an in-flight request to drain. It answers 404
 * unless ENABLE_SLOW_ENDPOINT=true.
 */
@Controller('slow')
export class DiagnosticsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async slow(@Query('ms') msParam?: string): Promise<{ status: 'ok'; waitedMs: number }> {
    if (!this.config.enableSlowEndpoint) {
      throw new NotFoundException();
    }
    const ms = Number(msParam ?? '1000');
    if (!Number.isInteger(ms) || ms < 0 || ms > SLOW_MAX_MS) {
      throw new BadRequestException(`ms must be an integer between 0 and ${SLOW_MAX_MS}`);
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { status: 'ok', waitedMs: ms };
  }
}
