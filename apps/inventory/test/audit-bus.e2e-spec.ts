import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AuditRpc, type RequestMetaInput } from '@pve-nexus/contracts';
import { BusClient, BusModule } from '@pve-nexus/messaging';
import { startStack, type Stack } from '@pve-nexus/testing';

const TENANT = randomUUID();
const ADMIN = randomUUID();

const system: RequestMetaInput = { actor: { type: 'system', name: 'executor' }, tenantId: TENANT, requestId: 'req-e2e-append' };
const tenantAdmin: RequestMetaInput = { actor: { type: 'user', userId: ADMIN, globalRole: 'user', tenantRole: 'admin' }, tenantId: TENANT, requestId: 'req-e2e-read' };
const tenantViewer: RequestMetaInput = { actor: { type: 'user', userId: ADMIN, globalRole: 'user', tenantRole: 'viewer' }, tenantId: TENANT, requestId: 'req-e2e-read' };
const globalAdmin: RequestMetaInput = { actor: { type: 'user', userId: ADMIN, globalRole: 'admin' }, requestId: 'req-e2e-verify' };

describe('the audit log over the bus, in the built inventory service', () => {
  let stack: Stack;
  let caller: INestApplicationContext;
  let bus: BusClient;
  /** Appends come from a service (here the executor, as itself): the gateway may not append. */
  let executor: BusClient;

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory'] });
    caller = await NestFactory.createApplicationContext(BusModule.forRoot(stack.busOptions('gateway', 'audit-e2e')), { logger: false });
    bus = caller.get(BusClient);
    executor = new BusClient(stack.busOptions('executor', 'audit-e2e-executor'));
  });

  afterAll(async () => {
    await executor?.onApplicationShutdown();
    await caller?.close();
    await stack?.close();
  });

  it("appends as the request's actor, in its tenant, and reads it back newest first", async () => {
    const first = await executor.request(AuditRpc.append, { action: 'console.open', outcome: 'success', targetType: 'vm', targetId: '100', details: { ticket: 'PVEVNC:secret' } }, system);
    const second = await executor.request(AuditRpc.append, { action: 'console.close', outcome: 'success', targetType: 'vm', targetId: '100' }, system);
    const page = await bus.request(AuditRpc.query, { action: 'console.*', limit: 1 }, tenantAdmin);
    expect(page.entries).toEqual([
      expect.objectContaining({ id: second.id, seq: '2', tenantId: TENANT, actorType: 'system', actorId: 'executor', requestId: 'req-e2e-append' }),
    ]);
    const next = await bus.request(AuditRpc.query, { action: 'console.*', limit: 1, cursor: page.nextCursor ?? undefined }, tenantAdmin);
    expect(next.entries).toEqual([expect.objectContaining({ id: first.id, seq: '1', details: { ticket: '[REDACTED]' } })]);
    expect(next.nextCursor).toBeNull();
  });

  it('keeps the chains apart, and readers to their audience', async () => {
    await expect(bus.request(AuditRpc.query, {}, tenantViewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(bus.request(AuditRpc.query, {}, { ...tenantAdmin, tenantId: undefined })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await bus.request(AuditRpc.query, {}, globalAdmin)).entries).toEqual([]);
  });

  it('verifies every chain for global admins only', async () => {
    await expect(bus.request(AuditRpc.verify, {}, tenantAdmin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(bus.request(AuditRpc.verify, {}, globalAdmin)).resolves.toEqual({ ok: true, chainsChecked: 1, entriesChecked: 2, problems: [] });
  });
});
