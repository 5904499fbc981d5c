import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, loadConfig } from './config.js';
import { DiagnosticsController } from './diagnostics/diagnostics.controller.js';
import { HealthController } from './health/health.controller.js';
import { HttpDrainService } from './shutdown/http-drain.service.js';
import { VatController } from './vat/vat.controller.js';
import { VatService } from './vat/vat.service.js';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController, VatController, DiagnosticsController],
  providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig() }, VatService, HttpDrainService],
})
export class AppModule {}
