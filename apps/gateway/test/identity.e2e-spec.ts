import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiClient, seedDemoAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';

const ADMIN_PASSWORD = 'a long chief passphrase 1';
const MEMBER_PASSWORD = 'a long member passphrase 2';

describe('identity through the gateway', () => {
  let stack: Stack;
  let api: ApiCall;
  let adminToken: string;
  let tenantId: string;
  const secrets: string[] = [ADMIN_PASSWORD, MEMBER_PASSWORD];

  async function login(email: string, password: string, session: 'token' | 'cookie' = 'token') {
    return api('POST', '/api/v1/auth/login', { body: { email, password, session } });
  }

  async function createMember(email: string, role: 'admin' | 'manager' | 'viewer'): Promise<string> {
    const created = await api('POST', '/api/v1/users', { token: adminToken, body: { email, displayName: email.split('@')[0], password: MEMBER_PASSWORD } });
    expect(created.status).toBe(201);
    expect((await api('PUT', `/api/v1/tenants/${tenantId}/members`, { token: adminToken, body: { email, role } })).status).toBe(200);
    const first = await login(email, MEMBER_PASSWORD);
    const changed = await api('POST', '/api/v1/auth/password', {
      token: first.body.accessToken,
      body: { currentPassword: MEMBER_PASSWORD, newPassword: `${MEMBER_PASSWORD}!` },
    });
    expect(changed.status).toBe(204);
    secrets.push(first.body.accessToken, first.body.refreshToken, `${MEMBER_PASSWORD}!`);
    return first.body.accessToken;
  }

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory', 'gateway'], env: { LOG_LEVEL: 'info' } });
    api = apiClient(stack.gatewayUrl);
    const seeded = await seedDemoAdmin(stack);
    secrets.push(seeded.oneTimePassword);

    const first = await login(seeded.email, seeded.oneTimePassword);
    expect(first.status).toBe(200);
    expect(first.body.user.mustChangePassword).toBe(true);
    const locked = await api('GET', '/api/v1/users', { token: first.body.accessToken });
    expect(locked).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', detail: 'Change your one-time password first' } });
    const changed = await api('POST', '/api/v1/auth/password', {
      token: first.body.accessToken,
      body: { currentPassword: seeded.oneTimePassword, newPassword: ADMIN_PASSWORD },
    });
    expect(changed.status).toBe(204);
    adminToken = first.body.accessToken;
    secrets.push(adminToken, first.body.refreshToken);
    tenantId = first.body.memberships[0].tenantId;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('keeps the session that changed the password and signs out the others', async () => {
    const other = await login('admin@pve-nexus.local', ADMIN_PASSWORD);
    secrets.push(other.body.accessToken, other.body.refreshToken);
    const again = await api('POST', '/api/v1/auth/password', {
      token: adminToken,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: `${ADMIN_PASSWORD}x` },
    });
    expect(again.status).toBe(204);
    expect((await api('GET', '/api/v1/me', { token: adminToken })).status).toBe(200);
    expect((await api('GET', '/api/v1/me', { token: other.body.accessToken })).status).toBe(401);
    await api('POST', '/api/v1/auth/password', { token: adminToken, body: { currentPassword: `${ADMIN_PASSWORD}x`, newPassword: ADMIN_PASSWORD } });
  });

  it('rotates refresh tokens and revokes the session when a rotated token is replayed', async () => {
    const session = await login('admin@pve-nexus.local', ADMIN_PASSWORD);
    const renewed = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.body.refreshToken } });
    expect(renewed.status).toBe(200);
    expect(renewed.body.refreshToken).not.toBe(session.body.refreshToken);
    secrets.push(session.body.refreshToken, renewed.body.refreshToken, renewed.body.accessToken);

    const replay = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.body.refreshToken } });
    expect(replay.status).toBe(401);
    // Both copies are dead now: the thief's and the owner's.
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: renewed.body.refreshToken } })).status).toBe(401);
    expect((await api('GET', '/api/v1/me', { token: renewed.body.accessToken })).status).toBe(401);
  });

  it('gives the web an httpOnly refresh cookie instead of a token in the body', async () => {
    const session = await login('admin@pve-nexus.local', ADMIN_PASSWORD, 'cookie');
    expect(session.status).toBe(200);
    expect(session.body.refreshToken).toBeUndefined();
    const cookie = session.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^nexus_refresh=[^;]+; Path=\/api\/v1\/auth; Expires=.+; HttpOnly; SameSite=Strict$/);
    const renewed = await api('POST', '/api/v1/auth/refresh', { body: {}, headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('set-cookie')).not.toBe(cookie);
    secrets.push(session.body.accessToken, renewed.body.accessToken, (cookie.split(';')[0] ?? '').split('=')[1] ?? '');

    const out = await api('POST', '/api/v1/auth/logout', { token: renewed.body.accessToken });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/nexus_refresh=;/);
    expect((await api('GET', '/api/v1/me', { token: renewed.body.accessToken })).status).toBe(401);
  });

  it('limits sign-in attempts per client address, ignoring X-Forwarded-For from a peer that is no trusted proxy', async () => {
    const limited = await startStack({ services: ['inventory', 'gateway'], env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUSTED_PROXIES: '' } });
    try {
      const call = apiClient(limited.gatewayUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const headers = { 'x-forwarded-for': `127.0.0.${100 + i}` };
        statuses.push((await call('POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'nope' }, headers })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('lets API keys act in their tenant with their role, until revoked', async () => {
    const created = await api('POST', `/api/v1/tenants/${tenantId}/api-keys`, { token: adminToken, body: { name: 'ci', role: 'viewer' } });
    expect(created.status).toBe(201);
    const { token, apiKey } = created.body;
    secrets.push(token);
    expect(token).toMatch(/^pvn_[0-9a-f]{32}_/);
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token })).status).toBe(200);
    expect((await api('GET', `/api/v1/tenants/${tenantId}/members`, { token })).status).toBe(403);
    const listed = await api('GET', `/api/v1/tenants/${tenantId}/api-keys`, { token: adminToken });
    expect(listed.body.apiKeys.find((key: { id: string }) => key.id === apiKey.id).lastUsedAt).not.toBeNull();
    expect(listed.text).not.toContain(token.split('_')[2]);

    expect((await api('DELETE', `/api/v1/tenants/${tenantId}/api-keys/${apiKey.id}`, { token: adminToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token })).status).toBe(401);
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token: tampered })).status).toBe(401);
  });

  it('ends access at once when a tenant is deactivated, and restores it on reactivation', async () => {
    const manager = await createMember('manager@example.com', 'manager');
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token: manager })).status).toBe(200);
    expect((await api('POST', `/api/v1/tenants/${tenantId}/deactivate`, { token: adminToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token: manager })).status).toBe(403);
    expect((await api('POST', `/api/v1/tenants/${tenantId}/activate`, { token: adminToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/tenants/${tenantId}`, { token: manager })).status).toBe(200);
  });

  it('refuses to remove the last global administrator or the last tenant admin', async () => {
    const me = await api('GET', '/api/v1/me', { token: adminToken });
    const demote = await api('PATCH', `/api/v1/users/${me.body.user.id}`, { token: adminToken, body: { globalRole: 'user' } });
    expect(demote).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const removeSelf = await api('DELETE', `/api/v1/tenants/${tenantId}/members/${me.body.user.id}`, { token: adminToken });
    expect(removeSelf).toMatchObject({ status: 409, body: { detail: 'A tenant needs at least one admin' } });
  });

  it('answers bad input with 400 problem+json naming each field', async () => {
    const cases = [
      { body: { email: 'not-an-email', displayName: '' }, paths: ['body.email', 'body.displayName'] },
      { body: { email: 'a@b.co', displayName: 'A', globalRole: 'root' }, paths: ['body.globalRole'] },
      { body: { email: 'a@b.co', displayName: 'A', extra: 1 }, paths: ['body.extra'] },
      { body: { email: 42, displayName: ['x'] }, paths: ['body.email', 'body.displayName'] },
    ];
    for (const { body, paths } of cases) {
      const res = await api('POST', '/api/v1/users', { token: adminToken, body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(paths.sort());
    }
    const malformed = await api('POST', '/api/v1/users', { token: adminToken, rawBody: '{"email": ' });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'VALIDATION', errors: [{ path: '(body)' }] } });
    const huge = await api('POST', '/api/v1/users', { token: adminToken, rawBody: JSON.stringify({ email: 'a@b.co', displayName: 'x'.repeat(300_000) }) });
    expect(huge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', detail: 'Request body too large', errors: [{ path: '(body)' }] } });
    const badParam = await api('PATCH', '/api/v1/users/not-a-uuid', { token: adminToken, body: { active: false } });
    expect(badParam).toMatchObject({ status: 400, body: { errors: [{ path: 'params.userId' }] } });
    const badQuery = await api('GET', `/api/v1/tenants/${tenantId}/audit?limit=5000&outcome=maybe`, { token: adminToken });
    expect(badQuery.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['query.limit', 'query.outcome']);
  });

  it('records every change in the tenant audit log, verifiable end to end', async () => {
    const page = await api('GET', `/api/v1/tenants/${tenantId}/audit?action=member.*`, { token: adminToken });
    expect(page.status).toBe(200);
    expect(page.body.entries.length).toBeGreaterThan(0);
    expect(page.body.entries.every((entry: { action: string }) => entry.action.startsWith('member.'))).toBe(true);
    for (const email of ['nobody@example.com', 'nobody@example.com', 'nobody-else@example.com']) expect((await login(email, 'not the passphrase')).status).toBe(401);
    const global = await api('GET', '/api/v1/audit?action=user.login&outcome=failure', { token: adminToken });
    expect(global.body.entries.length).toBeGreaterThanOrEqual(3);
    const verified = await api('POST', '/api/v1/audit/verify', { token: adminToken });
    expect(verified.body).toMatchObject({ ok: true, problems: [] });
  });

  it('never shows a password, token or key in any answer or log line', async () => {
    const users = await api('GET', '/api/v1/users', { token: adminToken });
    expect(users.text).not.toMatch(/passwordHash|argon2/);
    // Every process's output, including the access log lines of the requests above.
    const logs = [...stack.services.values()].map((service) => service.output.join('')).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets.filter((value) => value && value.length >= 8)) {
      expect(logs).not.toContain(secret);
    }
  });
});
