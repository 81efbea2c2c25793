import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { serviceModules } from '@pve-nexus/service-kit';
import type { DiscoveryConfig } from './config.js';

/** Tailscale API client: devices, enrollment, online/offline monitoring. */
@Module({})
export class DiscoveryModule {
  static forRoot(config: DiscoveryConfig, version: string): DynamicModule {
    return {
      module: DiscoveryModule,
      imports: serviceModules({ service: 'discovery', version, config, healthRpc: HealthRpc.discovery }),
    };
  }
}
