import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { REDIS } from '@pve-nexus/service-kit';
import type { KnownDevice } from './device-transitions.util.js';

const Known = z.record(z.string(), z.object({ name: z.string(), online: z.boolean() }));

/**
 * The monitor's memory in Redis: per tenant, the devices' last known state (keyed by credentials
 * version, so a new tailnet starts from a fresh baseline), and the lease that makes one discovery
 * replica, and only one, poll a tenant per interval.
 */
@Injectable()
export class MonitorStateRepository {
  readonly owner = randomUUID();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async acquire(tenantId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`discovery:monitor:lease:${tenantId}`, this.owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async known(tenantId: string, version: string): Promise<Map<string, KnownDevice> | null> {
    const raw = await this.redis.get(`discovery:monitor:known:${tenantId}:${version}`);
    if (!raw) return null;
    const parsed = Known.safeParse(JSON.parse(raw));
    return parsed.success ? new Map(Object.entries(parsed.data)) : null;
  }

  async remember(tenantId: string, version: string, known: Map<string, KnownDevice>): Promise<void> {
    await this.redis.set(`discovery:monitor:known:${tenantId}:${version}`, JSON.stringify(Object.fromEntries(known)), 'PX', 7 * 24 * 60 * 60_000);
  }
}
