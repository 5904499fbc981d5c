import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config.js';

/** GET /api/v1/health: 200 with status "ok" while every indicator is up, else 503. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.memory.checkHeap('memory_heap', this.config.healthHeapLimitMb * 1024 * 1024),
      () => this.indicators.check('uptime').up({ seconds: Math.round(process.uptime()) }),
      // When the API gets a database, add its check here, e.g. with TypeORM:
      // () => this.db.pingCheck('database'),
    ]);
  }
}
