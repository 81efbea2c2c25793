import { Inject, Injectable } from '@nestjs/common';
import { NexusError, type DeviceListFreshness } from '@pve-nexus/contracts';
import { DISCOVERY_OPTIONS, type DiscoveryOptions } from '../tailnet/discovery.options.js';
import type { TenantTailnet } from '../tailnet/tailnet-connections.service.js';
import { DeviceCacheRepository, type CachedDevices } from './device-cache.repository.js';

/** Failures after which the last list is still worth showing (with its age) rather than nothing. */
const SERVE_STALE_ON = new Set(['RATE_LIMITED', 'TIMEOUT', 'UPSTREAM_UNREACHABLE']);

export interface DeviceSnapshot {
  entry: CachedDevices;
  stale: DeviceListFreshness['stale'];
}

/**
 * Fetches a tenant's device list from its control server and keeps it in the cache with the sync
 * state (last success, last error). Readers get the cached list while it is fresh, and an older one
 * with the reason when the control server cannot be asked.
 */
@Injectable()
export class DeviceSync {
  constructor(
    private readonly cache: DeviceCacheRepository,
    @Inject(DISCOVERY_OPTIONS) private readonly options: DiscoveryOptions,
  ) {}

  /** The list, from the cache when fresh (and `force` is off), else from the control server. */
  async snapshot(tailnet: TenantTailnet, force = false): Promise<DeviceSnapshot> {
    const cached = await this.cache.get(tailnet.tenantId);
    const usable = cached && cached.version === tailnet.version ? cached : null;
    if (usable && !force && Date.now() - usable.fetchedAt < this.options.cacheTtlMs) return { entry: usable, stale: null };
    try {
      return { entry: await this.fetch(tailnet), stale: null };
    } catch (error) {
      if (usable && error instanceof NexusError && SERVE_STALE_ON.has(error.code)) {
        return { entry: usable, stale: { reason: error.message, retryAfterSeconds: error.retryAfterSeconds ?? null } };
      }
      throw error;
    }
  }

  /** Asks the control server now; records the outcome either way. */
  async fetch(tailnet: TenantTailnet): Promise<CachedDevices> {
    const state = await this.cache.syncState(tailnet.tenantId);
    try {
      const devices = await tailnet.client.listDevices();
      const entry = { version: tailnet.version, tailnet: tailnetName(tailnet, devices.map((device) => device.name)), fetchedAt: Date.now(), devices };
      await this.cache.put(tailnet.tenantId, entry);
      await this.cache.putSyncState(tailnet.tenantId, { lastSync: entry.fetchedAt, lastError: null });
      return entry;
    } catch (error) {
      const failure = error instanceof NexusError ? error : new NexusError('INTERNAL', 'The device list could not be read');
      await this.cache.putSyncState(tailnet.tenantId, { ...state, lastError: { message: failure.message, at: Date.now(), retryAfterSeconds: failure.retryAfterSeconds ?? null } });
      throw failure;
    }
  }
}

/** headscale: its configured base domain; Tailscale: the domain its MagicDNS names share (`tail1234.ts.net`). */
function tailnetName(tailnet: TenantTailnet, names: string[]): string {
  const { credentials } = tailnet;
  if (credentials.control === 'headscale') return credentials.magicDnsSuffix;
  const [first] = names;
  const domain = first?.split('.').slice(1).join('.');
  return domain || credentials.tailnet;
}
