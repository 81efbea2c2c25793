import { describe, expect, it } from '@jest/globals';
import type { RequestMeta } from '@pve-nexus/contracts';
import type { AuditVerification, StoredAuditEntry } from './audit-chain.verifier.js';
import type { AuditRecord } from './audit-record.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';
import { actionFilter, AuditService } from './audit.service.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const USER = '33333333-3333-4333-8333-333333333333';

const user = (globalRole: 'admin' | 'user', tenantRole?: 'admin' | 'manager' | 'viewer', tenantId?: string): RequestMeta => ({
  actor: { type: 'user', userId: USER, globalRole, mustChangePassword: false, ...(tenantRole ? { tenantRole } : {}) },
  requestId: 'req-42',
  ...(tenantId ? { tenantId } : {}),
});

const stored: StoredAuditEntry = {
  id: '0b6f7c1e-4d0a-4b8e-9d3f-1c2a3b4c5d6e',
  chain: TENANT,
  seq: 12n,
  tenantId: TENANT,
  actorType: 'user',
  actorId: USER,
  action: 'server.create',
  targetType: 'server',
  targetId: 'pve-1',
  outcome: 'success',
  requestId: 'req-1',
  details: { name: 'pve-1' },
  createdAt: new Date('2026-03-04T05:06:07.089Z'),
  prevHash: new Uint8Array(32),
  hash: new Uint8Array(32),
};

/** The service over a recording stub of the repository. */
function setup() {
  const calls: { append: AuditRecord[]; query: Array<{ chain: string; filter: AuditFilter; page: { limit: number; before?: bigint } }>; verify: number } = {
    append: [],
    query: [],
    verify: 0,
  };
  const repository = {
    append: async (record: AuditRecord) => {
      calls.append.push(record);
      return { id: stored.id, seq: 1n };
    },
    query: async (chain: string, filter: AuditFilter, page: { limit: number; before?: bigint }) => {
      calls.query.push({ chain, filter, page });
      return { entries: [stored], nextCursor: 12n };
    },
    verify: async (): Promise<AuditVerification> => {
      calls.verify += 1;
      return { ok: false, chainsChecked: 2, entriesChecked: 9, problems: [{ chain: TENANT, entryId: null, seq: '3', problem: 'missing-entry' }], unlistedProblems: 4 };
    },
  };
  return { service: new AuditService(repository as unknown as AuditRepository), calls };
}

describe('the audit service', () => {
  it("records an append as done by the request's actor, in the request's tenant, with its request id", async () => {
    const { service, calls } = setup();
    const meta: RequestMeta = { actor: { type: 'system', name: 'console-relay' }, tenantId: TENANT, requestId: 'req-7' };
    await expect(service.append({ action: 'console.open', outcome: 'denied', targetType: 'vm', targetId: '100', details: { node: 'pve1' } }, meta)).resolves.toEqual({
      id: stored.id,
    });
    expect(calls.append).toEqual([
      { tenantId: TENANT, actor: meta.actor, action: 'console.open', outcome: 'denied', targetType: 'vm', targetId: '100', requestId: 'req-7', details: { node: 'pve1' } },
    ]);
    await service.append({ action: 'user.create', outcome: 'success', details: {} }, user('admin'));
    expect(calls.append[1]).toMatchObject({ tenantId: null, requestId: 'req-42' });
  });

  it("reads the request's tenant chain for its admins, and the global chain for global admins only", async () => {
    const { service, calls } = setup();
    const page = await service.query({ limit: 20, action: 'server.*', cursor: '40', from: '2026-01-01T00:00:00+01:00' }, user('user', 'admin', TENANT));
    expect(page).toEqual({
      entries: [
        {
          id: stored.id,
          seq: '12',
          tenantId: TENANT,
          actorType: 'user',
          actorId: USER,
          action: 'server.create',
          targetType: 'server',
          targetId: 'pve-1',
          outcome: 'success',
          requestId: 'req-1',
          details: { name: 'pve-1' },
          createdAt: '2026-03-04T05:06:07.089Z',
        },
      ],
      nextCursor: '12',
    });
    expect(calls.query[0]).toEqual({
      chain: TENANT,
      filter: { action: { startsWith: 'server.' }, from: new Date('2025-12-31T23:00:00.000Z') },
      page: { limit: 20, before: 40n },
    });

    await service.query({ limit: 5 }, user('admin'));
    expect(calls.query[1]?.chain).toBe('global');

    await expect(service.query({ limit: 5 }, user('user', 'manager', TENANT))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.query({ limit: 5 }, user('user', 'admin'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls.query).toHaveLength(2);
  });

  it('verifies for global admins only, and answers in the shape of the contract', async () => {
    const { service, calls } = setup();
    await expect(service.verify(user('user', 'admin', TENANT))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls.verify).toBe(0);
    await expect(service.verify(user('admin'))).resolves.toEqual({
      ok: false,
      chainsChecked: 2,
      entriesChecked: 9,
      problems: [{ chain: TENANT, entryId: null, seq: '3', problem: 'missing-entry' }],
    });
  });
});

describe('the action filter', () => {
  it('is exact, or a prefix when it ends with ".*"', () => {
    expect(actionFilter(undefined)).toBeUndefined();
    expect(actionFilter('user.login')).toEqual({ equals: 'user.login' });
    expect(actionFilter('user.*')).toEqual({ startsWith: 'user.' });
    expect(actionFilter('user.password.*')).toEqual({ startsWith: 'user.password.' });
  });

  it('refuses a prefix that could smuggle LIKE wildcards', () => {
    for (const action of ['%.*', 'user_.*', '.*', 'User.*']) {
      expect(() => actionFilter(action)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });
});
