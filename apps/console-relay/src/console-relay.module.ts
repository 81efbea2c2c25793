import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { serviceModules } from '@pve-nexus/service-kit';
import type { ConsoleRelayConfig } from './config.js';

/** WebSocket relay between browsers and Proxmox consoles; stateless across replicas. */
@Module({})
export class ConsoleRelayModule {
  static forRoot(config: ConsoleRelayConfig, version: string): DynamicModule {
    return {
      module: ConsoleRelayModule,
      imports: serviceModules({ service: 'console-relay', version, config, healthRpc: HealthRpc['console-relay'] }),
    };
  }
}
