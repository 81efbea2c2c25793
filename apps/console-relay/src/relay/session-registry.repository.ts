import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ConsoleSessionView } from '@pve-nexus/contracts';
import { REDIS } from '@pve-nexus/service-kit';
import { RELAY_OPTIONS, type RelayOptions } from './relay.options.js';

const LEASE_HEARTBEATS = 3;
const ALL = 'console:sessions';
const tenantKey = (tenantId: string) => `console:tenant:${tenantId}`;
const sessionKey = (sessionId: string) => `console:session:${sessionId}`;

// Drops lapsed members, then takes a slot if fewer than the cap remain. One script, so replicas
// claiming at the same moment cannot both see the last free slot.
const CLAIM_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * The live sessions of every replica, in Redis: a record per session (`console:session:<id>`, the
 * {@link ConsoleSessionView}) and sorted sets of session ids per tenant and overall, scored by when
 * their lease ends. Each replica renews its own sessions every heartbeat; the entries of a replica
 * that died lapse after three heartbeats, so listings and tenant counts heal by themselves.
 * Scores are the replicas' clocks: a skew of a few seconds only shifts when a dead entry lapses.
 */
@Injectable()
export class SessionRegistry {
  private readonly leaseMs: number;
  /** What this replica last wrote in each of its sessions' records (see {@link contentOf}). */
  private readonly written = new Map<string, string>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(RELAY_OPTIONS) options: RelayOptions,
  ) {
    this.leaseMs = options.heartbeatMs * LEASE_HEARTBEATS;
  }

  /** Takes one of the tenant's `cap` session slots for `sessionId`; false when all are taken. */
  async claimSlot(tenantId: string, sessionId: string, cap: number): Promise<boolean> {
    const now = Date.now();
    return (await this.redis.eval(CLAIM_SLOT, 1, tenantKey(tenantId), now, cap, now + this.leaseMs, sessionId, this.leaseMs)) === 1;
  }

  /**
   * Writes (or renews) sessions' records and leases. A record whose content this replica already
   * wrote (only the byte counts change) just has its lease extended, and each index gets one ZADD
   * for all its members: an idle session costs one small command per heartbeat instead of four,
   * which is most of what 10,000 idle sessions cost a replica. A record that lapsed meanwhile
   * (Redis restarted, a heartbeat ran late) is written again.
   */
  async renew(views: ConsoleSessionView[]): Promise<void> {
    if (views.length === 0) return;
    const expiresAt = Date.now() + this.leaseMs;
    const batch = this.redis.pipeline();
    const extended: number[] = [];
    const members = new Map<string, (number | string)[]>();
    views.forEach((view, i) => {
      const content = contentOf(view);
      if (this.written.get(view.sessionId) === content) {
        batch.pexpire(sessionKey(view.sessionId), this.leaseMs);
        extended.push(i);
      } else {
        batch.set(sessionKey(view.sessionId), JSON.stringify(view), 'PX', this.leaseMs);
        this.written.set(view.sessionId, content);
      }
      const tenant = members.get(view.tenantId) ?? [];
      members.set(view.tenantId, tenant);
      tenant.push(expiresAt, view.sessionId);
    });
    for (const [tenantId, tenantMembers] of members) batch.zadd(tenantKey(tenantId), ...tenantMembers).pexpire(tenantKey(tenantId), this.leaseMs);
    batch.zadd(ALL, ...[...members.values()].flat());
    const results = await batch.exec();
    // Commands were queued one per view first, so a view's result is at its own index; a session
    // released meanwhile is not written back.
    const lapsed = extended.filter((i) => (results?.[i]?.[0] || results?.[i]?.[1] !== 1) && this.written.has(views[i]!.sessionId)).map((i) => views[i]!);
    if (lapsed.length === 0) return;
    const rewrite = this.redis.pipeline();
    for (const view of lapsed) rewrite.set(sessionKey(view.sessionId), JSON.stringify(view), 'PX', this.leaseMs);
    await rewrite.exec();
  }

  /** Frees a session's slot and removes its record. */
  async release(tenantId: string, sessionId: string): Promise<void> {
    this.written.delete(sessionId);
    await this.redis.pipeline().zrem(tenantKey(tenantId), sessionId).zrem(ALL, sessionId).del(sessionKey(sessionId)).exec();
  }

  async find(sessionId: string): Promise<ConsoleSessionView | undefined> {
    return parse(await this.redis.get(sessionKey(sessionId)));
  }

  /** Live sessions of a tenant, or of every tenant. */
  async list(tenantId?: string): Promise<ConsoleSessionView[]> {
    const index = tenantId ? tenantKey(tenantId) : ALL;
    await this.redis.zremrangebyscore(index, '-inf', Date.now());
    const ids = await this.redis.zrange(index, '0', '-1');
    if (ids.length === 0) return [];
    const records = await this.redis.mget(ids.map(sessionKey));
    return records.map(parse).filter((view): view is ConsoleSessionView => view !== undefined);
  }
}

/** What changes in a live session's record: its byte counts (the rest is fixed at open). */
function contentOf(view: ConsoleSessionView): string {
  return `${view.bytesIn}:${view.bytesOut}`;
}

function parse(record: string | null): ConsoleSessionView | undefined {
  if (!record) return undefined;
  const view = ConsoleSessionView.safeParse(JSON.parse(record));
  return view.success ? view.data : undefined;
}
