import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { tailnetAccessFrom } from '@pve-nexus/reachability';
import { serviceModules } from '@pve-nexus/service-kit';
import { AdminModule } from './admin/admin.module.js';
import type { ConsoleRelayConfig } from './config.js';
import { RelayModule } from './relay/relay.module.js';
import { RevocationModule } from './revocation/revocation.module.js';

/** WebSocket relay between browsers and Proxmox consoles; stateless across replicas. */
@Module({})
export class ConsoleRelayModule {
  static forRoot(config: ConsoleRelayConfig, version: string): DynamicModule {
    const relay = RelayModule.forRoot({
      access: tailnetAccessFrom(config),
      allowedOrigins: config.RELAY_ALLOWED_ORIGINS,
      idleTimeoutMs: config.RELAY_IDLE_TIMEOUT_MS,
      maxSessionMs: config.RELAY_MAX_SESSION_MS,
      tenantSessionCap: config.RELAY_TENANT_SESSION_CAP,
      drainGraceMs: config.RELAY_DRAIN_GRACE_MS,
      heartbeatMs: config.RELAY_HEARTBEAT_MS,
      highWaterMark: config.RELAY_HIGH_WATER_MARK_BYTES,
      maxMessageBytes: config.RELAY_MAX_MESSAGE_BYTES,
    });
    return {
      module: ConsoleRelayModule,
      imports: [
        ...serviceModules({ service: 'console-relay', version, config, healthRpc: HealthRpc['console-relay'] }),
        relay,
        AdminModule.forRoot(relay),
        RevocationModule.forRoot(relay, { checkIntervalMs: config.RELAY_REVOCATION_CHECK_MS }),
      ],
    };
  }
}
