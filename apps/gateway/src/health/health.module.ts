import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HEALTH_RPC_TIMEOUT_MS, SystemHealthService } from './system-health.service.js';

@Module({})
export class HealthModule {
  static forRoot(timeoutMs: number): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: HEALTH_RPC_TIMEOUT_MS, useValue: timeoutMs }, SystemHealthService],
    };
  }
}
