import { describe, expect, it } from '@jest/globals';
import type { RequestMeta } from '@pve-nexus/contracts';
import type { AuditRecord } from '../audit/audit-record.js';
import type { AuditWriter } from '../audit/audit.writer.js';
import type { Tx, UnitOfWork } from '../db/unit-of-work.repository.js';
import type { NewCheck, ServerHealthRepository } from './server-health.repository.js';
import { ServerHealthService } from './server-health.service.js';

const TENANT = '00000000-0000-4000-8000-000000000001';
const SERVER = '00000000-0000-4000-8000-000000000002';
const system: RequestMeta = { actor: { type: 'system', name: 'executor-health' }, tenantId: TENANT, requestId: 'req-1' };

/** An in-memory server with its checks; the repository's contract, not its SQL. */
function setUp(status: string | null, checks: NewCheck[] = []) {
  const server = { id: SERVER, tenant_id: TENANT, connect_timeout_ms: 5_000, last_health_status: status };
  const audited: AuditRecord[] = [];
  const health: Partial<ServerHealthRepository> = {
    lock: async (_tx, tenantId, serverId) => (tenantId === TENANT && serverId === SERVER ? server : null),
    lastOk: async () => checks.at(-1)?.ok ?? null,
    insert: async (_tx, check) => void checks.push(check),
    okLatencies: async () => checks.filter((check) => check.ok).map((check) => check.latencyMs!),
    setHealth: async (_tx, _id, next) => void (server.last_health_status = next.status),
  };
  const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work({} as Tx) } as UnitOfWork;
  const audit = { append: async (record: AuditRecord) => (audited.push(record), { id: 'a' }) } as AuditWriter;
  const service = new ServerHealthService(health as ServerHealthRepository, uow, audit);
  const record = (ok: boolean, latencyMs: number | null = ok ? 40 : null) =>
    service.recordCheck({ tenantId: TENANT, serverId: SERVER, checkedAt: new Date().toISOString(), ok, latencyMs, errorClass: ok ? null : 'refused', tailnetPath: null }, system);
  return { service, record, audited, server };
}

describe('ServerHealthService.recordCheck', () => {
  it('learns a timeout from ok checks and audits only status changes', async () => {
    const { record, audited } = setUp(null);
    expect(await record(true)).toEqual({ status: 'online', previousStatus: null, learnedTimeoutMs: 1_000 });
    expect(await record(true)).toMatchObject({ status: 'online', previousStatus: 'online' });
    expect(await record(false)).toEqual({ status: 'degraded', previousStatus: 'online', learnedTimeoutMs: null });
    expect(await record(false)).toMatchObject({ status: 'offline', previousStatus: 'degraded' });
    expect(await record(false)).toMatchObject({ status: 'offline', previousStatus: 'offline' });
    expect(audited.map((entry) => [entry.action, entry.details])).toEqual([
      ['server.status', { from: null, to: 'online', errorClass: null }],
      ['server.status', { from: 'online', to: 'degraded', errorClass: 'refused' }],
      ['server.status', { from: 'degraded', to: 'offline', errorClass: 'refused' }],
    ]);
  });

  it('refuses a server of another tenant and a caller that is not a service', async () => {
    const { service, server } = setUp('online');
    const check = { tenantId: '00000000-0000-4000-8000-000000000009', serverId: SERVER, checkedAt: new Date().toISOString(), ok: false, latencyMs: null, errorClass: 'refused' as const, tailnetPath: null };
    await expect(service.recordCheck(check, system)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const user: RequestMeta = { actor: { type: 'user', userId: TENANT, globalRole: 'admin', mustChangePassword: false }, tenantId: TENANT, requestId: 'r' };
    await expect(service.recordCheck({ ...check, tenantId: TENANT }, user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(server.last_health_status).toBe('online');
  });
});
