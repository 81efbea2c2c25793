import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { serviceModules } from '@pve-nexus/service-kit';
import type { GatewayConfig } from './config.js';
import { HealthModule } from './health/health.module.js';
import { ProblemFilter } from './http/problem.filter.js';

/** The only public HTTP entry: turns each request into a bus request. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, version: string): DynamicModule {
    return {
      module: GatewayModule,
      imports: [...serviceModules({ service: 'gateway', version, config }), HealthModule.forRoot(config.HEALTH_RPC_TIMEOUT_MS)],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
