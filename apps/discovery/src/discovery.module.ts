import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRpc } from '@pve-nexus/contracts';
import { serviceModules } from '@pve-nexus/service-kit';
import type { DiscoveryConfig } from './config.js';
import { DiscoveryController } from './discovery.controller.js';
import { DeviceCacheRepository } from './devices/device-cache.repository.js';
import { DeviceService } from './devices/device.service.js';
import { DeviceSync } from './devices/device-sync.service.js';
import { EnrollmentService } from './enrollment/enrollment.service.js';
import { DeviceMonitor } from './monitor/device-monitor.service.js';
import { MonitorStateRepository } from './monitor/monitor-state.repository.js';
import { DISCOVERY_OPTIONS, type DiscoveryOptions } from './tailnet/discovery.options.js';
import { TailnetConnections } from './tailnet/tailnet-connections.service.js';

/** Tailscale and headscale: devices, import as machines, enrollment, online/offline monitoring. */
@Module({})
export class DiscoveryModule {
  static forRoot(config: DiscoveryConfig, version: string): DynamicModule {
    const options: DiscoveryOptions = {
      tailscaleApiUrl: config.TAILSCALE_API_URL,
      timeoutMs: config.TAILNET_TIMEOUT_MS,
      cacheTtlMs: config.DEVICE_CACHE_TTL_MS,
      refreshMinIntervalMs: config.DEVICE_REFRESH_MIN_INTERVAL_MS,
      monitorIntervalMs: config.MONITOR_INTERVAL_MS,
      offlineAfterMs: config.DEVICE_OFFLINE_AFTER_MS,
    };
    return {
      module: DiscoveryModule,
      imports: serviceModules({ service: 'discovery', version, config, healthRpc: HealthRpc.discovery }),
      controllers: [DiscoveryController],
      providers: [
        { provide: DISCOVERY_OPTIONS, useValue: options },
        TailnetConnections,
        DeviceCacheRepository,
        DeviceSync,
        DeviceService,
        EnrollmentService,
        MonitorStateRepository,
        DeviceMonitor,
      ],
    };
  }
}
