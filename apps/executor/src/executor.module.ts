import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { tailnetAccessFrom } from '@pve-nexus/reachability';
import { serviceModules } from '@pve-nexus/service-kit';
import type { ExecutorConfig } from './config.js';
import { ConsoleModule } from './console/console.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { HealthModule } from './health/health.module.js';
import { ServersModule } from './servers/servers.module.js';

/** Everything that touches a managed machine: Proxmox API, console tickets, SSH, health checks. */
@Module({})
export class ExecutorModule {
  static forRoot(config: ExecutorConfig, version: string): DynamicModule {
    const access = tailnetAccessFrom(config);
    const fleet = FleetModule.forRoot({
      access,
      connectionsPerServer: config.PROXMOX_CONNECTIONS_PER_SERVER,
      connectionCacheTtlMs: config.FLEET_CONNECTION_CACHE_TTL_MS,
      listMinTimeoutMs: config.FLEET_LIST_MIN_TIMEOUT_MS,
      taskPollIntervalMs: config.TASK_POLL_INTERVAL_MS,
      taskFollowMaxMs: config.TASK_FOLLOW_MAX_MS,
      bulkConcurrency: config.BULK_ACTION_CONCURRENCY,
      bulkPerServer: config.BULK_ACTION_PER_SERVER,
    });
    return {
      module: ExecutorModule,
      imports: [
        ...serviceModules({ service: 'executor', version, config, healthRpc: HealthRpc.executor }),
        ServersModule.forRoot(access),
        fleet,
        ConsoleModule.forRoot(fleet, { access, connectionsPerServer: config.PROXMOX_CONNECTIONS_PER_SERVER }),
        HealthModule.forRoot(fleet, {
          intervalMs: config.HEALTH_CHECK_INTERVAL_MS,
          concurrency: config.HEALTH_CHECK_CONCURRENCY,
          ...(config.TAILNET_LOCALAPI_SOCKET ? { tailnetLocalApiSocket: config.TAILNET_LOCALAPI_SOCKET } : {}),
        }),
      ],
    };
  }
}
