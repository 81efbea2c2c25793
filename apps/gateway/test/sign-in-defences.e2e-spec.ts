import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInSeededAdmin, startStack, waitFor, type ApiCall, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'sign-in defences passphrase 1';
const MEMBER_PASSWORD = 'copper kettle marches sideways';

// Issue 16: sign-in limits were keyed on the socket address (every browser behind the web proxy
// shared one bucket), five wrong passwords locked any account, a wrong current password was never
// throttled, and weak passwords were accepted.
describe('sign-in defences', () => {
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenantId: string;

  /** A sign-in as the web proxy forwards it from client `client` (127.0.0.x). */
  const login = (email: string, password: string, client: string) =>
    api('POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': client } });
  const createUser = (email: string, password: string) =>
    api('POST', '/api/v1/users', { token: admin, body: { email, displayName: email.split('@')[0], password } });

  beforeAll(async () => {
    stack = await startStack({
      services: ['inventory', 'gateway'],
      env: { TRUSTED_PROXIES: '127.0.0.1', LOGIN_FREE_FAILURES_PER_ADDRESS: '4', LOGIN_FREE_FAILURES_PER_ACCOUNT: '2', LOGIN_BACKOFF_BASE_SECONDS: '5' },
    });
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('backs off an account after failures without locking it, answering alike for an unknown e-mail', async () => {
    expect((await createUser('backoff@example.com', MEMBER_PASSWORD)).status).toBe(201);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await login('backoff@example.com', `wrong passphrase ${i}`, '127.0.0.11'));
    const unknown = [];
    for (let i = 0; i < 3; i += 1) unknown.push(await login('nobody-here@example.com', `wrong passphrase ${i}`, '127.0.0.12'));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(unknown.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(unknown[0]?.body.detail).toBe(answers[0]?.body.detail);
    // Past the free failures: the next attempt waits, known account or not, with the same answer.
    const throttled = await login('backoff@example.com', MEMBER_PASSWORD, '127.0.0.11');
    const throttledUnknown = await login('nobody-here@example.com', MEMBER_PASSWORD, '127.0.0.12');
    expect(throttled.status).toBe(429);
    expect(throttledUnknown.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttledUnknown.body.code).toBe(throttled.body.code);
    // Not a lockout: once the wait is over the right password signs in.
    await waitFor('the backoff to end', async () => (await login('backoff@example.com', MEMBER_PASSWORD, '127.0.0.11')).status === 200);
  });

  it('keys the address limit on the client the trusted proxy forwards, not on the proxy', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await login(`spray-${i}@example.com`, 'wrong passphrase', '127.0.0.21')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Another browser behind the same proxy is not held back.
    expect((await login('spray-0@example.com', 'wrong passphrase', '127.0.0.22')).status).toBe(401);
  });

  it('throttles password changes after wrong current passwords', async () => {
    expect((await createUser('changer@example.com', MEMBER_PASSWORD)).status).toBe(201);
    const token = (await login('changer@example.com', MEMBER_PASSWORD, '127.0.0.31')).body.accessToken as string;
    const change = (currentPassword: string) =>
      api('POST', '/api/v1/auth/password', { token, body: { currentPassword, newPassword: 'violet harbour lantern drifts' } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await change(`wrong passphrase ${i}`)).status);
    expect(statuses).toEqual([400, 400, 400]);
    const throttled = await change(MEMBER_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    await waitFor('the password-change backoff to end', async () => (await change(MEMBER_PASSWORD)).status === 204);
  });

  it('refuses short, trivial, breached and e-mail passwords wherever one is set, naming the field', async () => {
    for (const password of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop123', 'weak-user@example.com', 'weak-user-2024-x']) {
      const refused = await createUser('weak-user@example.com', password);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual([expect.stringMatching(/password$/)]);
    }
    expect((await createUser('weak-user@example.com', MEMBER_PASSWORD)).status).toBe(201);
    const token = (await login('weak-user@example.com', MEMBER_PASSWORD, '127.0.0.41')).body.accessToken as string;
    const weakChange = await api('POST', '/api/v1/auth/password', { token, body: { currentPassword: MEMBER_PASSWORD, newPassword: 'aaaaaaaaaaaa' } });
    expect(weakChange.status).toBe(400);
    expect(weakChange.body.errors.map((error: { path: string }) => error.path)).toEqual([expect.stringMatching(/newPassword$/)]);
  });

  it('refuses an API key that expires in the past or within the hour, naming the field', async () => {
    const create = (expiresAt: Date) =>
      api('POST', `/api/v1/tenants/${tenantId}/api-keys`, { token: admin, body: { name: 'ci', role: 'viewer', expiresAt: expiresAt.toISOString() } });
    for (const expiresAt of [new Date(Date.now() - 60_000), new Date(Date.now() + 30 * 60_000)]) {
      const refused = await create(expiresAt);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual([expect.stringMatching(/expiresAt$/)]);
    }
    expect((await create(new Date(Date.now() + 2 * 3_600_000))).status).toBe(201);
  });
});
