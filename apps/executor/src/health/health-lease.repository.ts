import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { REDIS } from '@pve-nexus/service-kit';

/**
 * Leases in Redis that make one executor replica, and only one, check a server per interval:
 * `SET key owner NX PX ttl`. A lease is never released early: it expires after the interval, so the
 * next check of that server, by whichever replica comes first, is at least one interval later.
 */
@Injectable()
export class HealthLeaseRepository {
  /** This replica's name in the leases it holds (for someone reading Redis). */
  readonly owner = randomUUID();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async acquire(serverId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`health:lease:${serverId}`, this.owner, 'PX', ttlMs, 'NX')) === 'OK';
  }
}
