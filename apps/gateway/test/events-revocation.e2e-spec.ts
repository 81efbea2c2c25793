import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { addMember, signInSeededAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';
import { SseReader } from './sse-reader.js';

const PASSWORD = 'revocation test passphrase 1';

// Issue 16: an open live-event stream kept delivering a tenant's events after its reader was removed
// from the tenant, signed out, or the tenant was deactivated. Each revocation now ends the stream with
// a last `access-revoked` event, like consoles; a periodic re-check catches a missed broadcast.
describe('live event streams end when their reader loses access', () => {
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenantA: string;
  const readers: SseReader[] = [];

  const open = async (tenantId: string, token: string) => {
    const reader = await SseReader.open(`${stack.gatewayUrl}/api/v1/tenants/${tenantId}/events`, token);
    readers.push(reader);
    expect(reader.status).toBe(200);
    return reader;
  };
  const userIdOf = async (token: string) => (await api('GET', '/api/v1/me', { token })).body.user.id as string;
  /** The stream ended, its last event saying why. */
  const revoked = async (reader: SseReader) => {
    await reader.ended;
    expect(reader.events.at(-1)).toMatchObject({ event: 'access-revoked', data: { reason: expect.any(String) } });
  };
  const member = (email: string, tenantId = tenantA) => addMember(api, admin, tenantId, email, 'viewer', PASSWORD);

  beforeAll(async () => {
    // The re-check is the backstop of the last test; the broadcast ends the others long before it.
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { EVENTS_ACCESS_RECHECK_MS: '500' } });
    ({ api, admin, tenantId: tenantA } = await signInSeededAdmin(stack, PASSWORD));
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await stack?.close();
  });

  it('ends the stream of a member removed from the tenant, and no one else\'s', async () => {
    const viewer = await member('removed@example.com');
    const stream = await open(tenantA, viewer);
    const bystander = await open(tenantA, admin);
    const removal = await api('DELETE', `/api/v1/tenants/${tenantA}/members/${await userIdOf(viewer)}`, { token: admin });
    expect(removal.status).toBeLessThan(300);
    await revoked(stream);
    // One broadcast reaches every stream at once: had it matched the admin's, that one would say so too.
    expect(bystander.events.some((event) => event.event === 'access-revoked')).toBe(false);
  });

  it('ends the stream of a reader who signs out', async () => {
    const viewer = await member('signs-out@example.com');
    const stream = await open(tenantA, viewer);
    expect((await api('POST', '/api/v1/auth/logout', { token: viewer })).status).toBeLessThan(300);
    await revoked(stream);
  });

  it('ends the stream of a deactivated user', async () => {
    const viewer = await member('deactivated@example.com');
    const stream = await open(tenantA, viewer);
    expect((await api('PATCH', `/api/v1/users/${await userIdOf(viewer)}`, { token: admin, body: { active: false } })).status).toBe(200);
    await revoked(stream);
  });

  it('ends every stream of a deactivated tenant', async () => {
    const tenantB = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'tenant-b', name: 'Tenant B' } })).body.tenant.id as string;
    const viewer = await member('tenant-b@example.com', tenantB);
    const streams = [await open(tenantB, viewer), await open(tenantB, admin)];
    const stays = await open(tenantA, admin);
    expect((await api('POST', `/api/v1/tenants/${tenantB}/deactivate`, { token: admin })).status).toBe(200);
    for (const stream of streams) await revoked(stream);
    expect(stays.events.some((event) => event.event === 'access-revoked')).toBe(false);
  });

  it('ends a signed-out reader\'s stream on the periodic re-check when no broadcast came', async () => {
    const viewer = await member('missed@example.com');
    const stream = await open(tenantA, viewer);
    // Revoked behind inventory's back: no broadcast is sent, as when one was missed.
    const db = new pg.Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      await db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)', ['missed@example.com']);
    } finally {
      await db.end();
    }
    await revoked(stream);
  });
});
