import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { TailnetDevice } from '@pve-nexus/contracts';
import { REDIS } from '@pve-nexus/service-kit';

const CachedDevices = z.object({
  version: z.string(),
  tailnet: z.string(),
  fetchedAt: z.number().int(),
  devices: z.array(TailnetDevice),
});
export type CachedDevices = z.infer<typeof CachedDevices>;

const SyncState = z.object({
  lastSync: z.number().int().nullable(),
  lastError: z.object({ message: z.string(), at: z.number().int(), retryAfterSeconds: z.number().int().nullable() }).nullable(),
});
export type SyncState = z.infer<typeof SyncState>;

/** Kept long after the list stops being fresh: it is what a rate-limited or unreachable control server leaves us. */
const KEEP_MS = 24 * 60 * 60_000;

/**
 * A tenant's device list in Redis, shared by discovery replicas, with the tenant's sync state and the
 * marker that rate-limits forced refreshes. Every key holds the tenant id: tenants share nothing.
 */
@Injectable()
export class DeviceCacheRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async get(tenantId: string): Promise<CachedDevices | null> {
    return parseJson(await this.redis.get(`discovery:devices:${tenantId}`), CachedDevices);
  }

  async put(tenantId: string, entry: CachedDevices): Promise<void> {
    await this.redis.set(`discovery:devices:${tenantId}`, JSON.stringify(entry), 'PX', KEEP_MS);
  }

  async syncState(tenantId: string): Promise<SyncState> {
    return (await parseJson(await this.redis.get(`discovery:sync:${tenantId}`), SyncState)) ?? { lastSync: null, lastError: null };
  }

  async putSyncState(tenantId: string, state: SyncState): Promise<void> {
    await this.redis.set(`discovery:sync:${tenantId}`, JSON.stringify(state), 'PX', KEEP_MS);
  }

  /** Claims the tenant's next forced refresh; otherwise how many ms until one is allowed. */
  async claimRefresh(tenantId: string, minIntervalMs: number): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
    if (minIntervalMs === 0) return { allowed: true };
    const key = `discovery:refresh:${tenantId}`;
    if ((await this.redis.set(key, '1', 'PX', minIntervalMs, 'NX')) === 'OK') return { allowed: true };
    return { allowed: false, retryAfterMs: Math.max(await this.redis.pttl(key), 1) };
  }

  async forget(tenantId: string): Promise<void> {
    await this.redis.del(`discovery:devices:${tenantId}`, `discovery:sync:${tenantId}`);
  }
}

function parseJson<T>(raw: string | null, schema: z.ZodType<T>): T | null {
  if (!raw) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
