import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { ConsoleSessionView } from '@pve-nexus/contracts';
import type { RelayOptions } from './relay.options.js';
import { SessionRegistry } from './session-registry.repository.js';

// The registry against the real Redis, under a key prefix of its own: what a heartbeat writes, and
// that it only extends the lease of a record it already wrote unless the record is gone.

const HEARTBEAT_MS = 1_000;

describe('SessionRegistry over a real Redis', () => {
  let redis: Redis;
  let registry: SessionRegistry;
  const tenantId = randomUUID();
  const view = (bytesOut = 0): ConsoleSessionView => ({
    sessionId: randomUUID(),
    tenantId,
    actorId: `user:${randomUUID()}`,
    serverId: randomUUID(),
    serverName: 'pve',
    node: 'pve1',
    vmid: 100,
    guestType: 'qemu',
    protocol: 'vnc',
    viewOnly: false,
    replica: 'replica-a',
    openedAt: new Date().toISOString(),
    bytesIn: 0,
    bytesOut,
  });
  const record = async (sessionId: string) => JSON.parse((await redis.get(`console:session:${sessionId}`)) ?? 'null') as ConsoleSessionView | null;

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0', { keyPrefix: `test:${randomBytes(4).toString('hex')}:` });
    registry = new SessionRegistry(redis, { heartbeatMs: HEARTBEAT_MS } as RelayOptions);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${redis.options.keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(redis.options.keyPrefix!.length)));
    redis.disconnect();
  });

  it('lists renewed sessions per tenant and overall, with their records, until released', async () => {
    const [a, b] = [view(), view()];
    await registry.renew([a, b]);
    expect((await registry.list(tenantId)).map((listed) => listed.sessionId).sort()).toEqual([a.sessionId, b.sessionId].sort());
    expect((await registry.list()).map((listed) => listed.sessionId)).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    await registry.release(tenantId, a.sessionId);
    expect((await registry.list(tenantId)).map((listed) => listed.sessionId)).toEqual([b.sessionId]);
    expect(await registry.find(a.sessionId)).toBeUndefined();
    await registry.release(tenantId, b.sessionId);
  });

  it('extends an unchanged record\'s lease, rewrites a changed one, and writes back one that lapsed', async () => {
    const session = view(10);
    await registry.renew([session]);
    await redis.pexpire(`console:session:${session.sessionId}`, 50);
    await registry.renew([session]);
    expect(await redis.pttl(`console:session:${session.sessionId}`)).toBeGreaterThan(HEARTBEAT_MS);

    await registry.renew([{ ...session, bytesOut: 20 }]);
    expect((await record(session.sessionId))?.bytesOut).toBe(20);

    await redis.del(`console:session:${session.sessionId}`);
    await registry.renew([{ ...session, bytesOut: 20 }]);
    expect(await record(session.sessionId)).toEqual({ ...session, bytesOut: 20 });
    await registry.release(tenantId, session.sessionId);
  });

  it('lets the entries of a replica that stopped renewing lapse', async () => {
    const session = view();
    await registry.renew([session]);
    await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS + 200));
    expect(await registry.list(tenantId)).toEqual([]);
    expect(await registry.find(session.sessionId)).toBeUndefined();
  });
});
