import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeviceEventRpc, TailnetSettingsRpc, type RequestMeta, type TailnetStatus } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { BusClient, EventPublisher, requireTenant } from '@pve-nexus/messaging';
import { PeriodicRounds } from '@pve-nexus/service-kit';
import { DeviceService } from '../devices/device.service.js';
import { DeviceSync } from '../devices/device-sync.service.js';
import { DISCOVERY_OPTIONS, type DiscoveryOptions } from '../tailnet/discovery.options.js';
import { TailnetConnections, type TenantTailnet } from '../tailnet/tailnet-connections.service.js';
import { deviceTransitions } from './device-transitions.util.js';
import { MonitorStateRepository } from './monitor-state.repository.js';

const ACTOR = { type: 'system', name: 'discovery-monitor' } as const;

/**
 * The online/offline monitor (seed 003): every interval, each tenant's devices are read once, by
 * whichever discovery replica takes the tenant's lease; a device not seen for `offlineAfterMs` is
 * offline. Changes are stored as device events (history) and published as `device.status` events,
 * which reach browsers through the gateway's event stream.
 */
@Injectable()
export class DeviceMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeviceMonitor.name);
  private readonly rounds: PeriodicRounds;

  constructor(
    private readonly bus: BusClient,
    private readonly tailnets: TailnetConnections,
    private readonly sync: DeviceSync,
    private readonly devices: DeviceService,
    private readonly state: MonitorStateRepository,
    private readonly events: EventPublisher,
    @Inject(DISCOVERY_OPTIONS) private readonly options: DiscoveryOptions,
  ) {
    this.rounds = new PeriodicRounds('device monitor', options.monitorIntervalMs, () => this.round());
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): void {
    this.rounds.stop();
  }

  /** Every tenant with a tailnet, each polled by the replica that takes its lease for this interval. */
  private async round(): Promise<void> {
    const { tenantIds } = await this.bus.request(TailnetSettingsRpc.tenants, {}, this.meta());
    for (const tenantId of tenantIds) {
      if (await this.state.acquire(tenantId, Math.max(this.options.monitorIntervalMs - 100, 100))) await this.pollQuietly(tenantId);
    }
  }

  /** `POST .../tailscale/sync`: the monitor's poll of the caller's tenant, now. */
  async syncNow(meta: RequestMeta): Promise<TailnetStatus> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.manage', { tenantId });
    await this.poll(await this.tailnets.require(tenantId, meta));
    return this.devices.status(meta);
  }

  private async pollQuietly(tenantId: string): Promise<void> {
    try {
      const tailnet = await this.tailnets.open(tenantId, this.meta(tenantId));
      if (tailnet) await this.poll(tailnet);
    } catch (error) {
      // Recorded as the tenant's last error by DeviceSync; the next round tries again.
      this.logger.warn(`tenant ${tenantId}: device poll failed: ${(error as Error).message}`);
    }
  }

  private async poll(tailnet: TenantTailnet): Promise<void> {
    const entry = await this.sync.fetch(tailnet);
    const previous = await this.state.known(tailnet.tenantId, tailnet.version);
    const { transitions, known } = deviceTransitions(previous, entry.devices, Date.now(), this.options.offlineAfterMs);
    if (transitions.length > 0) {
      const at = new Date().toISOString();
      await this.bus.request(
        DeviceEventRpc.record,
        { events: transitions.map((change) => ({ deviceId: change.device.id, deviceName: change.device.name, kind: change.kind, at, details: { lastSeen: change.device.lastSeen } })) },
        this.meta(tailnet.tenantId),
      );
      for (const change of transitions) {
        await this.events.publish({
          kind: 'device.status',
          tenantId: tailnet.tenantId,
          occurredAt: at,
          data: { deviceId: change.device.id, name: change.device.name, change: change.kind, online: change.online, lastSeen: change.device.lastSeen },
        });
      }
    }
    await this.state.remember(tailnet.tenantId, tailnet.version, known);
  }

  private meta(tenantId?: string): RequestMeta {
    return { actor: ACTOR, ...(tenantId ? { tenantId } : {}), requestId: `monitor-${randomUUID()}` };
  }
}
