import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { DbModule, PrismaProbe } from '@pve-nexus/db';
import { serviceModules } from '@pve-nexus/service-kit';
import { AuditModule } from './audit/audit.module.js';
import type { InventoryConfig } from './config.js';
import { IdentityModule } from './identity/identity.module.js';
import { MachinesModule } from './machines/machines.module.js';
import { ServersModule } from './servers/servers.module.js';
import { TailnetModule } from './tailnet/tailnet.module.js';

/** Source of truth on PostgreSQL: tenants, users, servers, credentials, tailnet settings, machines, device history, audit. */
@Module({})
export class InventoryModule {
  static forRoot(config: InventoryConfig, version: string): DynamicModule {
    return {
      module: InventoryModule,
      imports: [
        DbModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        ...serviceModules({ service: 'inventory', version, config, extraProbes: [PrismaProbe], healthRpc: HealthRpc.inventory }),
        AuditModule,
        IdentityModule.forRoot({ sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000 }),
        ServersModule.forRoot(config.NEXUS_ENCRYPTION_KEY),
        TailnetModule.forRoot(config.NEXUS_ENCRYPTION_KEY),
        MachinesModule,
      ],
    };
  }
}
