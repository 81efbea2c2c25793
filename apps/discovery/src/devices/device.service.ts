import { Inject, Injectable } from '@nestjs/common';
import {
  MachineRpc,
  NexusError,
  isDeviceOnline,
  type DeviceList,
  type DeviceQuery,
  type DiscoveryRpc,
  type MachineView,
  type RequestMeta,
  type RpcRequestData,
  type TailnetCredentials,
  type TailnetDevice,
  type TailnetStatus,
  type TailnetTestResult,
} from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { DISCOVERY_OPTIONS, type DiscoveryOptions } from '../tailnet/discovery.options.js';
import { TailnetConnections } from '../tailnet/tailnet-connections.service.js';
import { DeviceCacheRepository } from './device-cache.repository.js';
import { filterDevices } from './device-filter.util.js';
import { DeviceSync } from './device-sync.service.js';
import { testFailure } from './test-failure.util.js';

/** A tenant's tailnet devices: listing, status, credential tests and import as machines. */
@Injectable()
export class DeviceService {
  constructor(
    private readonly tailnets: TailnetConnections,
    private readonly sync: DeviceSync,
    private readonly cache: DeviceCacheRepository,
    private readonly bus: BusClient,
    @Inject(DISCOVERY_OPTIONS) private readonly options: DiscoveryOptions,
  ) {}

  async list(query: DeviceQuery, meta: RequestMeta): Promise<DeviceList> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const tailnet = await this.tailnets.require(tenantId, meta);
    if (query.refresh) await this.claimRefresh(tenantId);
    const { entry, stale } = await this.sync.snapshot(tailnet, Boolean(query.refresh));
    const now = Date.now();
    return {
      devices: filterDevices(entry.devices, query, now, this.options.offlineAfterMs).map((device) => ({ ...device, online: isDeviceOnline(device, now, this.options.offlineAfterMs) })),
      total: entry.devices.length,
      freshness: { fetchedAt: new Date(entry.fetchedAt).toISOString(), stale },
    };
  }

  async get(deviceId: string, meta: RequestMeta): Promise<TailnetDevice> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const { entry } = await this.sync.snapshot(await this.tailnets.require(tenantId, meta));
    const device = entry.devices.find((candidate) => candidate.id === deviceId);
    if (!device) throw new NexusError('NOT_FOUND', 'No such device on the tailnet');
    return device;
  }

  async status(meta: RequestMeta): Promise<TailnetStatus> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const tailnet = await this.tailnets.open(tenantId, meta);
    if (!tailnet) return { mode: 'direct_ssh', control: null, tailnet: null, deviceCount: null, onlineCount: null, lastSync: null, lastError: null };
    const [cached, state] = await Promise.all([this.cache.get(tenantId), this.cache.syncState(tenantId)]);
    const entry = cached?.version === tailnet.version ? cached : null;
    const now = Date.now();
    return {
      mode: 'tailscale',
      control: tailnet.credentials.control,
      tailnet: entry?.tailnet ?? (tailnet.credentials.control === 'headscale' ? tailnet.credentials.magicDnsSuffix : null),
      deviceCount: entry ? entry.devices.length : null,
      onlineCount: entry ? entry.devices.filter((device) => isDeviceOnline(device, now, this.options.offlineAfterMs)).length : null,
      lastSync: state.lastSync ? new Date(state.lastSync).toISOString() : null,
      lastError: state.lastError ? { message: state.lastError.message, at: new Date(state.lastError.at).toISOString(), retryAfterSeconds: state.lastError.retryAfterSeconds } : null,
    };
  }

  /** Tests the given credentials (before they are saved) or the stored ones: the tailnet's name and size, or why not. */
  async test(credentials: TailnetCredentials | undefined, meta: RequestMeta): Promise<TailnetTestResult> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'settings.write', { tenantId });
    const client = credentials
      ? await this.tailnets.clientFor(tenantId, credentials, `test-${meta.requestId}`, meta.requestId)
      : (await this.tailnets.require(tenantId, meta)).client;
    try {
      const info = await client.tailnetInfo();
      return { ok: true, tailnet: info.tailnet, deviceCount: info.deviceCount, reason: null, retryAfterSeconds: null };
    } catch (error) {
      return testFailure(error);
    }
  }

  /** Imports devices as machines, each named by the person and reached by its MagicDNS name. */
  async importDevices(request: RpcRequestData<typeof DiscoveryRpc.importDevices>, meta: RequestMeta): Promise<{ machines: MachineView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'machine.manage', { tenantId });
    const tailnet = await this.tailnets.require(tenantId, meta);
    let { entry } = await this.sync.snapshot(tailnet);
    // A device that joined after the cached list was read is not a mistake of the person's.
    if (request.devices.some((wanted) => !entry.devices.some((device) => device.id === wanted.deviceId))) entry = (await this.sync.snapshot(tailnet, true)).entry;
    const issues: { path: string; message: string }[] = [];
    const machines = request.devices.flatMap((wanted, index) => {
      const device = entry.devices.find((candidate) => candidate.id === wanted.deviceId);
      if (!device) {
        issues.push({ path: `devices.${index}.deviceId`, message: 'no such device on the tailnet' });
        return [];
      }
      return [{ ...wanted, hostname: device.name }];
    });
    if (issues.length > 0) throw new NexusError('VALIDATION', 'Some devices are not on the tailnet', issues);
    return this.bus.request(MachineRpc.importDevices, { machines }, meta);
  }

  /** Refuses a forced refresh the tenant made too recently. */
  private async claimRefresh(tenantId: string): Promise<void> {
    const claim = await this.cache.claimRefresh(tenantId, this.options.refreshMinIntervalMs);
    if (claim.allowed) return;
    const seconds = Math.ceil(claim.retryAfterMs / 1000);
    throw new NexusError('RATE_LIMITED', `The device list was refreshed moments ago; refresh again in ${seconds} s`, undefined, seconds);
  }
}
