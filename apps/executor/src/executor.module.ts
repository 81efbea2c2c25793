import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { tailnetAccessFrom } from '@pve-nexus/reachability';
import { serviceModules } from '@pve-nexus/service-kit';
import type { ExecutorConfig } from './config.js';
import { ServersModule } from './servers/servers.module.js';

/** Everything that touches a managed machine: Proxmox API, consoles tickets, SSH, health checks. */
@Module({})
export class ExecutorModule {
  static forRoot(config: ExecutorConfig, version: string): DynamicModule {
    return {
      module: ExecutorModule,
      imports: [...serviceModules({ service: 'executor', version, config, healthRpc: HealthRpc.executor }), ServersModule.forRoot(tailnetAccessFrom(config))],
    };
  }
}
