import { describe, expect, it } from '@jest/globals';
import { NexusError, type TailnetDevice } from '@pve-nexus/contracts';
import type { TailnetClient } from '@pve-nexus/tailscale-client';
import type { DiscoveryOptions } from '../tailnet/discovery.options.js';
import type { TenantTailnet } from '../tailnet/tailnet-connections.service.js';
import type { CachedDevices, DeviceCacheRepository, SyncState } from './device-cache.repository.js';
import { DeviceSync } from './device-sync.service.js';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OPTIONS: DiscoveryOptions = { tailscaleApiUrl: 'http://127.0.0.1:1', timeoutMs: 1_000, cacheTtlMs: 300_000, refreshMinIntervalMs: 0, monitorIntervalMs: 0, offlineAfterMs: 120_000 };
const device = { id: 'n1', name: 'pve-01.tail1234.ts.net', hostname: 'pve-01' } as TailnetDevice;

function setUp(listDevices: () => Promise<TailnetDevice[]>, cached: CachedDevices | null) {
  const store = { entry: cached, state: { lastSync: null, lastError: null } as SyncState };
  const cache = {
    get: async () => store.entry,
    put: async (_tenant: string, entry: CachedDevices) => void (store.entry = entry),
    syncState: async () => store.state,
    putSyncState: async (_tenant: string, state: SyncState) => void (store.state = state),
  } as unknown as DeviceCacheRepository;
  const tailnet = { tenantId: TENANT, version: 'v1', credentials: { control: 'tailscale', method: 'api_token', tailnet: '-', apiToken: 'tskey-api-x' }, client: { listDevices } as unknown as TailnetClient } as TenantTailnet;
  return { sync: new DeviceSync(cache, OPTIONS), tailnet, store };
}

describe('DeviceSync.snapshot', () => {
  const old = { version: 'v1', tailnet: 'tail1234.ts.net', fetchedAt: Date.now() - 600_000, devices: [device] };

  it('serves the last list with its age and the retry time while the control server rate-limits', async () => {
    const { sync, tailnet, store } = setUp(async () => {
      throw new NexusError('RATE_LIMITED', 'Tailscale rate-limited the request; retry in 42 s', undefined, 42);
    }, old);
    const snapshot = await sync.snapshot(tailnet);
    expect(snapshot.entry.devices).toEqual([device]);
    expect(snapshot.entry.fetchedAt).toBe(old.fetchedAt);
    expect(snapshot.stale).toEqual({ reason: 'Tailscale rate-limited the request; retry in 42 s', retryAfterSeconds: 42 });
    expect(store.state.lastError).toMatchObject({ retryAfterSeconds: 42 });
  });

  it('fails when there is nothing to fall back on, or the credentials were refused', async () => {
    const limited = setUp(async () => {
      throw new NexusError('RATE_LIMITED', 'limited', undefined, 5);
    }, null);
    await expect(limited.sync.snapshot(limited.tailnet)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const refused = setUp(async () => {
      throw new NexusError('UPSTREAM_AUTH', 'Tailscale refused the credentials');
    }, old);
    await expect(refused.sync.snapshot(refused.tailnet)).rejects.toMatchObject({ code: 'UPSTREAM_AUTH' });
  });

  it('never serves a list of other credentials', async () => {
    const { sync, tailnet } = setUp(async () => {
      throw new NexusError('UPSTREAM_UNREACHABLE', 'down');
    }, { ...old, version: 'v0' });
    await expect(sync.snapshot(tailnet)).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
  });

  it('uses a fresh cache without asking, and asks when forced', async () => {
    let calls = 0;
    const fresh = { ...old, fetchedAt: Date.now() };
    const { sync, tailnet } = setUp(async () => {
      calls += 1;
      return [device];
    }, fresh);
    expect((await sync.snapshot(tailnet)).stale).toBeNull();
    expect(calls).toBe(0);
    await sync.snapshot(tailnet, true);
    expect(calls).toBe(1);
  });
});
