import { Module, type DynamicModule } from '@nestjs/common';
import { ConsoleAudit } from './console-audit.service.js';
import { ConsoleEndpoint } from './console-endpoint.js';
import { ConsoleMetrics } from './console-metrics.js';
import { ConsoleSessions } from './console-sessions.service.js';
import { GrantRepository } from './grant.repository.js';
import { ProxmoxConsoleRepository } from './proxmox-console.repository.js';
import { RELAY_OPTIONS, type RelayOptions } from './relay.options.js';
import { SessionRegistry } from './session-registry.repository.js';

/** The relay itself: the `/console` WebSocket endpoint, sessions, their registry, limits, metrics and audit. */
@Module({})
export class RelayModule {
  static forRoot(options: RelayOptions): DynamicModule {
    return {
      module: RelayModule,
      providers: [{ provide: RELAY_OPTIONS, useValue: options }, GrantRepository, ProxmoxConsoleRepository, SessionRegistry, ConsoleAudit, ConsoleMetrics, ConsoleSessions, ConsoleEndpoint],
      exports: [ConsoleSessions, SessionRegistry],
    };
  }
}
