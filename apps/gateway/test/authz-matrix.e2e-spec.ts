import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { POLICY } from '@pve-nexus/authz';
import { apiClient, seedDemoAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';
import { CALLERS, expectedStatus, MATRIX, type Caller } from './authz-matrix.table.js';
import { gatewayRoutes } from './gateway-routes.js';

/** A syntactically valid Proxmox task id, for routes with `:upid`. */
const SAMPLE_UPID = 'UPID:pve1:0000A1B2:0001C3D4:65F0A1B2:qmstop:100:root@pam:';

/**
 * Routes that answer with an endless stream (SSE): reading their body would never end, so the
 * matrix only reads the status (and the problem body of a refusal) and then hangs up.
 */
const STREAMING_ROUTES = new Set(['GET /api/v1/tenants/:tenantId/events']);

async function openStream(baseUrl: string, path: string, token: string | undefined): Promise<{ status: number; body: { code?: string; detail?: string } | undefined }> {
  const res = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
  if (res.ok) {
    await res.body?.cancel();
    return { status: res.status, body: undefined };
  }
  return { status: res.status, body: (await res.json()) as { code?: string; detail?: string } };
}

describe('every gateway route × every kind of caller answers exactly as the role model says', () => {
  const { routes, probes } = gatewayRoutes();
  let stack: Stack;
  let api: ApiCall;
  const ids = { tenantA: '', tenantB: '', tenantC: '' };
  const credentials = new Map<Caller, string | undefined>();

  it('gives every route a policy decision (a new route without @Authorize fails here)', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((route) => !route.action || !(route.action in POLICY)).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(probes.sort()).toEqual(['GET /livez', 'GET /readyz']);
  });

  it('has one row of expectations per route, no more, no less', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory', 'gateway'] });
    api = apiClient(stack.gatewayUrl);
    const password = 'matrix passphrase 123';
    const seeded = await seedDemoAdmin(stack);
    const first = await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password: seeded.oneTimePassword } });
    await api('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: seeded.oneTimePassword, newPassword: password } });
    const admin = first.body.accessToken as string;
    const adminId = first.body.user.id as string;
    ids.tenantA = first.body.memberships[0].tenantId;
    ids.tenantB = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'other', name: 'Other' } })).body.tenant.id;
    ids.tenantC = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'scratch', name: 'Scratch' } })).body.tenant.id;

    const member = async (email: string, tenantId: string, role: 'admin' | 'manager' | 'viewer'): Promise<string> => {
      await api('POST', '/api/v1/users', { token: admin, body: { email, displayName: email, password } });
      await api('PUT', `/api/v1/tenants/${tenantId}/members`, { token: admin, body: { email, role } });
      const login = await api('POST', '/api/v1/auth/login', { body: { email, password } });
      await api('POST', '/api/v1/auth/password', { token: login.body.accessToken, body: { currentPassword: password, newPassword: `${password}!` } });
      return login.body.accessToken;
    };

    credentials.set('global admin', admin);
    for (const role of ['admin', 'manager', 'viewer'] as const) credentials.set(`tenant ${role}`, await member(`${role}@example.com`, ids.tenantA, role));
    credentials.set('member of another tenant', await member('outsider@example.com', ids.tenantB, 'admin'));

    const key = await api('POST', `/api/v1/tenants/${ids.tenantA}/api-keys`, { token: admin, body: { name: 'matrix', role: 'manager' } });
    credentials.set('api key (manager)', key.body.token);
    const revoked = await api('POST', `/api/v1/tenants/${ids.tenantA}/api-keys`, { token: admin, body: { name: 'revoked', role: 'admin' } });
    await api('DELETE', `/api/v1/tenants/${ids.tenantA}/api-keys/${revoked.body.apiKey.id}`, { token: admin });
    credentials.set('revoked api key', revoked.body.token);

    const sessionId = JSON.parse(Buffer.from((admin.split('.')[1] ?? ''), 'base64url').toString()).sid as string;
    const expired = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(adminId)
      .setIssuer('pve-nexus')
      .setAudience('pve-nexus-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(stack.jwtSecret));
    credentials.set('expired token', expired);
    credentials.set('no token', undefined);
    expect([...credentials.keys()].sort()).toEqual([...CALLERS].sort());
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers every caller with exactly the status of the table, and the matching problem code', async () => {
    // Signing out ends the session the other requests use, so those routes go last.
    const ordered = [...routes].sort((a, b) => Number(a.action === 'session.logout') - Number(b.action === 'session.logout'));
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of ordered) {
      for (const [role, token] of credentials) {
        // Global admins act in a scratch tenant so that deactivating it leaves the others' tenant alone.
        const tenantId = role === 'global admin' ? ids.tenantC : ids.tenantA;
        const path = route.path
          .replace(':tenantId', tenantId)
          .replace(/:(userId|apiKeyId|serverId|sessionId|machineId|enrollmentId|invitationId)/g, randomUUID())
          .replace(/:(deviceId|keyId)/g, 'k123456CNTRL')
          .replace(':node', 'pve1')
          .replace(':vmid', '100')
          .replace(':upid', SAMPLE_UPID)
          // The API browser's wildcard: a whitelisted path, so allowed roles pass its validation too.
          .replace('*path', 'version');
        expect(path).not.toMatch(/\/:/);
        const expected = expectedStatus(`${route.method} ${route.path}`, role);
        const res = STREAMING_ROUTES.has(`${route.method} ${route.path}`)
          ? await openStream(stack.gatewayUrl, path, token)
          : await api(route.method, path, { ...(token ? { token } : {}), ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: {} } : {}) });
        checked += 1;
        const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' }[expected as 401 | 403];
        const ok = res.status === expected && (code === undefined || res.body?.code === code);
        if (!ok) mismatches.push(`${role.padEnd(26)} ${route.method} ${route.path} [${route.action}]: expected ${expected}, got ${res.status} ${res.body?.detail ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length * credentials.size);
  });
});
