import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RequestMeta } from '@pve-nexus/contracts';
import { createPrismaClient, type PrismaClient } from '@pve-nexus/db';
import { createTestDatabase, type TestDatabase } from '@pve-nexus/testing';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.util.js';
import type { AuditRecord } from './audit-record.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditWriter } from './audit.writer.js';

const ALICE = '5a0c2a43-5d2c-4c35-9a39-31e2b7d2b0f1';
const BOB = '7c1d9e52-0b7a-4f1e-8c3d-2e6f4a5b9c10';
const KEY = '44444444-4444-4444-8444-444444444444';

const record = (tenantId: string | null, action: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  tenantId,
  actor: { type: 'user', userId: ALICE, globalRole: 'admin', mustChangePassword: false },
  action,
  outcome: 'success',
  ...extra,
});

const globalAdmin = (tenantId?: string): RequestMeta => ({
  actor: { type: 'user', userId: ALICE, globalRole: 'admin', mustChangePassword: false },
  requestId: 'req-audit-int',
  ...(tenantId ? { tenantId } : {}),
});

describe('the audit log on PostgreSQL', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let repository: AuditRepository;
  let writer: AuditWriter;

  /** A raw connection of the test's superuser; `replica` turns the append-only triggers off for it. */
  async function superuser<T>(work: (client: pg.Client) => Promise<T>, options: { bypassTriggers: boolean }): Promise<T> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      if (options.bypassTriggers) await client.query('SET session_replication_role = replica');
      return await work(client);
    } finally {
      await client.end();
    }
  }

  const rowsOf = (chain: string) => prisma.auditEntry.findMany({ where: { chain }, orderBy: { seq: 'asc' } });

  async function appendMany(tenantId: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 1; i <= count; i += 1) ids.push((await writer.append(record(tenantId, `server.update`, { details: { n: i } }))).id);
    return ids;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, poolSize: 10 });
    repository = new AuditRepository(prisma);
    writer = new AuditWriter(repository);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('links appends into a gap-free chain per tenant, and a separate global chain', async () => {
    const tenantA = randomUUID();
    const tenantB = randomUUID();
    for (const tenantId of [tenantA, null, tenantB, tenantA, null, tenantA, tenantB]) {
      await writer.append(record(tenantId, 'tenant.rename', { targetType: 'tenant', targetId: tenantId ?? 'none', requestId: 'req-1' }));
    }

    for (const [chain, tenantId, length] of [[tenantA, tenantA, 3], [tenantB, tenantB, 2], ['global', null, 2]] as const) {
      const rows = await rowsOf(chain);
      expect(rows.map((row) => row.seq)).toEqual(Array.from({ length }, (_, i) => BigInt(i + 1)));
      expect(Buffer.from(rows[0]!.prevHash).equals(Buffer.from(GENESIS_HASH))).toBe(true);
      rows.forEach((row, i) => {
        expect(row.tenantId).toBe(tenantId);
        expect(Buffer.from(row.hash).equals(Buffer.from(auditEntryHash(row)))).toBe(true);
        if (i > 0) expect(Buffer.from(row.prevHash).equals(Buffer.from(rows[i - 1]!.hash))).toBe(true);
      });
      expect(await repository.verify({ chain })).toMatchObject({ ok: true, chainsChecked: 1, entriesChecked: length, problems: [] });
    }
  });

  it('maps each kind of actor to its type and id', async () => {
    const tenantId = randomUUID();
    const actors: AuditRecord['actor'][] = [
      { type: 'user', userId: BOB, globalRole: 'user', tenantRole: 'viewer', mustChangePassword: false },
      { type: 'api-key', apiKeyId: KEY, tenantId, tenantRole: 'manager' },
      { type: 'system', name: 'discovery' },
      { type: 'anonymous' },
    ];
    for (const actor of actors) await writer.append({ ...record(tenantId, 'user.login'), actor });
    expect((await rowsOf(tenantId)).map((row) => [row.actorType, row.actorId])).toEqual([
      ['user', BOB],
      ['api-key', KEY],
      ['system', 'discovery'],
      ['anonymous', 'anonymous'],
    ]);
  });

  it('serialises 50 concurrent appends to one chain into seq 1..50 with valid links', async () => {
    const tenantId = randomUUID();
    const other = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => writer.append(record(i % 5 === 4 ? other : tenantId, 'vm.start', { details: { i } }))),
    );
    expect(new Set(results.map((result) => result.id)).size).toBe(50);
    expect((await rowsOf(tenantId)).map((row) => Number(row.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await rowsOf(other)).map((row) => Number(row.seq))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    // Small batches: the walk across batch boundaries keeps its place.
    expect(await repository.verify({ chain: tenantId, batchSize: 7 })).toMatchObject({ ok: true, entriesChecked: 40 });
  });

  it("commits with the caller's transaction, and rolls back with it", async () => {
    const tenantId = randomUUID();
    await expect(
      prisma.$transaction(async (tx) => {
        await writer.append(record(tenantId, 'server.create'), tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(tenantId)).toEqual([]);

    await prisma.$transaction(async (tx) => {
      await writer.append(record(tenantId, 'server.create'), tx);
      await writer.append(record(tenantId, 'credential.create'), tx);
    });
    expect((await rowsOf(tenantId)).map((row) => [row.seq, row.action])).toEqual([
      [1n, 'server.create'],
      [2n, 'credential.create'],
    ]);
  });

  it('refuses an action that is not a dotted lower-case verb', async () => {
    await expect(writer.append(record(null, 'UserLogin'))).rejects.toThrow(/dotted lower-case/);
  });

  it('stores details redacted and as JSON, and their hash survives the jsonb round trip', async () => {
    const tenantId = randomUUID();
    await writer.append(
      record(tenantId, 'user.create', {
        details: {
          password: 'hunter2',
          nested: { apiToken: 'PVEAPIToken=root@pam!x=secret-uuid', list: [{ Password: 'p4ss' }] },
          note: 'called with Bearer abc.def.ghi',
          when: new Date('2026-01-02T03:04:05.678Z'),
          big: 12n,
          gone: undefined,
          numbers: [0.1, 1e21, -0, 5e-324, 123456789012345680000],
          'ключ': 'ü \u0000 \ud800',
          b: 1,
          a: { z: 1, y: [2, { x: 3 }] },
        },
      }),
    );
    const [row] = await rowsOf(tenantId);
    expect(row?.details).toMatchObject({
      password: '[REDACTED]',
      nested: { apiToken: '[REDACTED]', list: [{ Password: '[REDACTED]' }] },
      note: 'called with [REDACTED]',
      when: '2026-01-02T03:04:05.678Z',
      big: '12',
      'ключ': 'ü \ufffd \ufffd',
    });
    expect(row?.details).not.toHaveProperty('gone');
    const text = await superuser((client) => client.query<{ text: string }>(`SELECT details::text AS text FROM audit_entries WHERE chain = $1`, [tenantId]), {
      bypassTriggers: false,
    });
    expect(text.rows[0]?.text).not.toMatch(/hunter2|p4ss|secret-uuid|abc\.def/);
    expect(await repository.verify({ chain: tenantId })).toMatchObject({ ok: true, problems: [] });
  });

  describe('queries', () => {
    const tenantId = randomUUID();
    const otherTenant = randomUUID();
    let ids: string[];

    beforeAll(async () => {
      const plan: Array<[string, AuditRecord['outcome'], string, string]> = [
        ['user.login', 'success', ALICE, 't1'],
        ['user.login', 'failure', BOB, 't1'],
        ['tenant.rename', 'success', ALICE, 't2'],
        ['user.logout', 'success', ALICE, 't1'],
        ['users.import', 'success', ALICE, 't3'],
        ['user.login', 'denied', BOB, 't2'],
        ['server.create', 'success', BOB, 't3'],
        ['user.password.change', 'success', ALICE, 't1'],
        ['user.login', 'success', ALICE, 't1'],
        ['server.delete', 'failure', ALICE, 't3'],
        ['user.login', 'success', BOB, 't2'],
      ];
      ids = [];
      for (const [action, outcome, userId, targetId] of plan) {
        const actor = { type: 'user' as const, userId, globalRole: 'user' as const, tenantRole: 'admin' as const, mustChangePassword: false };
        ids.push((await writer.append({ tenantId, actor, action, outcome, targetType: 'thing', targetId, requestId: `req-${action}` })).id);
      }
      await writer.append(record(otherTenant, 'user.login'));
      await writer.append(record(null, 'user.login'));
    });

    const service = () => new AuditService(repository);
    /** Through the service, as a global admin: in the tenant's chain, or the global one for `null`. */
    const query = (filters: Record<string, unknown>, tenant: string | null = tenantId) =>
      service().query({ limit: 50, ...filters }, globalAdmin(tenant ?? undefined));

    it('lists only the chain of the request, newest first, as the contract shows entries', async () => {
      const page = await query({});
      expect(page.entries.map((entry) => entry.id)).toEqual([...ids].reverse());
      expect(page.nextCursor).toBeNull();
      expect(page.entries[0]).toMatchObject({ seq: '11', tenantId, actorType: 'user', actorId: BOB, action: 'user.login', requestId: 'req-user.login' });
      expect(new Date(page.entries[0]!.createdAt).toISOString()).toBe(page.entries[0]!.createdAt);
      const global = (await query({}, null)).entries;
      expect(global.length).toBeGreaterThan(0);
      expect(global.every((entry) => entry.tenantId === null)).toBe(true);
    });

    it('filters by exact action, by action prefix, by actor, target and outcome', async () => {
      const actions = async (filters: Record<string, unknown>) => (await query(filters)).entries.map((entry) => entry.action).reverse();
      expect(await actions({ action: 'user.login' })).toEqual(['user.login', 'user.login', 'user.login', 'user.login', 'user.login']);
      expect(await actions({ action: 'user.*' })).toEqual(['user.login', 'user.login', 'user.logout', 'user.login', 'user.password.change', 'user.login', 'user.login']);
      expect(await actions({ action: 'user.password.*' })).toEqual(['user.password.change']);
      expect(await actions({ action: 'server.*', outcome: 'failure' })).toEqual(['server.delete']);
      expect(await actions({ actorId: BOB, targetId: 't2' })).toEqual(['user.login', 'user.login']);
      expect(await actions({ action: 'user.login', outcome: 'denied' })).toEqual(['user.login']);
      expect(await actions({ action: 'user_*' })).toEqual([]);
      await expect(query({ action: 'user_.*' })).rejects.toMatchObject({ code: 'VALIDATION' });
    });

    it('filters by time, both bounds inclusive', async () => {
      const all = (await query({})).entries.reverse();
      const from = all[3]!.createdAt;
      const to = all[7]!.createdAt;
      const within = (await query({ from, to })).entries.map((entry) => entry.id);
      expect(within.length).toBeGreaterThanOrEqual(5);
      expect(within).toEqual(expect.arrayContaining(all.slice(3, 8).map((entry) => entry.id)));
      for (const entry of (await query({ from, to })).entries) {
        expect(entry.createdAt >= from && entry.createdAt <= to).toBe(true);
      }
      expect((await query({ from: '2999-01-01T00:00:00Z' })).entries).toEqual([]);
    });

    it('pages with a seq cursor, without duplicates or gaps, with and without filters', async () => {
      for (const [filters, expected] of [
        [{}, [...ids].reverse()],
        [{ action: 'user.*' }, null],
      ] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await query({ ...filters, limit: 3, ...(cursor ? { cursor } : {}) });
          expect(page.entries.length).toBeLessThanOrEqual(3);
          seen.push(...page.entries.map((entry) => entry.id));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor && pages < 20);
        const unpaged = (await query(filters)).entries.map((entry) => entry.id);
        expect(seen).toEqual(expected ?? unpaged);
        expect(new Set(seen).size).toBe(seen.length);
      }
      // A cursor beyond any seq (up to the contract's 19 digits) starts from the newest.
      expect((await query({ cursor: '9999999999999999999', limit: 1 })).entries[0]?.id).toBe(ids.at(-1));
    });
  });

  describe('verification and tampering', () => {
    it('finds nothing wrong in untouched chains', async () => {
      const report = await repository.verify();
      expect(report).toMatchObject({ ok: true, problems: [], unlistedProblems: 0 });
      expect(report.chainsChecked).toBeGreaterThanOrEqual(5);
      expect(report.entriesChecked).toBe(await prisma.auditEntry.count());
    });

    it('refuses UPDATE, DELETE and TRUNCATE in a normal session, even to the superuser', async () => {
      const tenantId = randomUUID();
      const [id] = await appendMany(tenantId, 1);
      await superuser(
        async (client) => {
          await expect(client.query(`UPDATE audit_entries SET action = 'user.nothing' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
          await expect(client.query(`DELETE FROM audit_entries WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
          await expect(client.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
        },
        { bypassTriggers: false },
      );
      await expect(prisma.auditEntry.delete({ where: { id: id! } })).rejects.toThrow();
      expect(await prisma.auditEntry.count({ where: { chain: tenantId } })).toBe(1);
    });

    it('reports a modified action or details as a hash mismatch of that entry', async () => {
      for (const change of [`action = 'user.nothing'`, `details = '{"n": 99}'::jsonb`, `created_at = created_at + interval '1 second'`, `actor_id = 'someone-else'`]) {
        const tenantId = randomUUID();
        const ids = await appendMany(tenantId, 5);
        await superuser((client) => client.query(`UPDATE audit_entries SET ${change} WHERE id = $1`, [ids[2]]), { bypassTriggers: true });
        const report = await repository.verify({ chain: tenantId });
        expect({ change, report }).toMatchObject({
          change,
          report: { ok: false, problems: [{ chain: tenantId, entryId: ids[2], seq: '3', problem: 'hash-mismatch' }] },
        });
        expect(report.problems).toHaveLength(1);
      }
    });

    it('reports an entry modified and re-hashed as a broken link from the next entry', async () => {
      const tenantId = randomUUID();
      const ids = await appendMany(tenantId, 5);
      const target = await prisma.auditEntry.findUniqueOrThrow({ where: { id: ids[1]! } });
      const forged = { ...target, action: 'user.nothing' };
      await superuser(
        (client) => client.query(`UPDATE audit_entries SET action = $2, hash = $3 WHERE id = $1`, [target.id, forged.action, Buffer.from(auditEntryHash(forged))]),
        { bypassTriggers: true },
      );
      expect((await repository.verify({ chain: tenantId })).problems).toEqual([{ chain: tenantId, entryId: ids[2], seq: '3', problem: 'broken-link' }]);
    });

    it('reports a deleted entry as missing at its seq', async () => {
      const tenantId = randomUUID();
      const ids = await appendMany(tenantId, 5);
      await superuser((client) => client.query(`DELETE FROM audit_entries WHERE id = ANY($1)`, [[ids[0], ids[3]]]), { bypassTriggers: true });
      const report = await repository.verify({ chain: tenantId });
      expect(report).toMatchObject({ ok: false, entriesChecked: 3 });
      expect(report.problems).toEqual([
        { chain: tenantId, entryId: null, seq: '1', problem: 'missing-entry' },
        { chain: tenantId, entryId: null, seq: '4', problem: 'missing-entry' },
      ]);
    });

    it('reports a deleted entry whose successors were renumbered as a broken link (and the renumbered as modified)', async () => {
      const tenantId = randomUUID();
      const ids = await appendMany(tenantId, 4);
      await superuser(
        async (client) => {
          await client.query(`DELETE FROM audit_entries WHERE id = $1`, [ids[1]]);
          // One by one, in order: the unique (chain, seq) index is checked row by row.
          await client.query(`UPDATE audit_entries SET seq = 2 WHERE id = $1`, [ids[2]]);
          await client.query(`UPDATE audit_entries SET seq = 3 WHERE id = $1`, [ids[3]]);
        },
        { bypassTriggers: true },
      );
      expect((await repository.verify({ chain: tenantId })).problems).toEqual([
        { chain: tenantId, entryId: ids[2], seq: '2', problem: 'hash-mismatch' },
        { chain: tenantId, entryId: ids[2], seq: '2', problem: 'broken-link' },
        { chain: tenantId, entryId: ids[3], seq: '3', problem: 'hash-mismatch' },
      ]);
    });

    it('reports the problems of every chain when verifying them all', async () => {
      const report = await repository.verify();
      expect(report.ok).toBe(false);
      expect(new Set(report.problems.map((problem) => problem.chain)).size).toBe(7);
      expect(report.entriesChecked).toBe(await prisma.auditEntry.count());
    });
  });
});
