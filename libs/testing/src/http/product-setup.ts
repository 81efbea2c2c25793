import type { ProxmoxServer } from '../proxmox/index.js';
import { seedDemoAdmin } from '../stack/seed-admin.js';
import type { Stack } from '../stack/stack.js';
import { apiClient, type ApiCall, type ApiResponse } from './api-client.js';

// The set-up most e2e tests share, done through the public API as a person would.

function must<T>(res: ApiResponse<T>, status: number, what: string): ApiResponse<T> {
  if (res.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

export interface SignedInAdmin {
  api: ApiCall;
  /** Access token of the seeded global admin, after replacing the one-time password. */
  admin: string;
  /** The demo tenant the seed created. */
  tenantId: string;
}

/** Seeds the demo admin, signs in with the one-time password and sets `password`. */
export async function signInSeededAdmin(stack: Pick<Stack, 'database' | 'gatewayUrl'>, password: string): Promise<SignedInAdmin> {
  const api = apiClient(stack.gatewayUrl);
  const seeded = await seedDemoAdmin(stack);
  const first = must(await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password: seeded.oneTimePassword } }), 200, 'sign in');
  must(await api('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: seeded.oneTimePassword, newPassword: password } }), 204, 'password change');
  return { api, admin: first.body.accessToken, tenantId: first.body.memberships[0].tenantId };
}

/**
 * Creates a user, makes them a member of `tenantId` with `role`, signs them in and replaces their
 * admin-set password (with `password + '!'`); returns their access token.
 */
export async function addMember(api: ApiCall, admin: string, tenantId: string, email: string, role: 'admin' | 'manager' | 'viewer', password: string): Promise<string> {
  must(await api('POST', '/api/v1/users', { token: admin, body: { email, displayName: email, password } }), 201, `create ${email}`);
  must(await api('PUT', `/api/v1/tenants/${tenantId}/members`, { token: admin, body: { email, role } }), 200, `add ${email}`);
  const login = must(await api('POST', '/api/v1/auth/login', { body: { email, password } }), 200, `sign in ${email}`);
  must(await api('POST', '/api/v1/auth/password', { token: login.body.accessToken, body: { currentPassword: password, newPassword: `${password}!` } }), 204, `password of ${email}`);
  return login.body.accessToken;
}

/**
 * Registers a simulated server in `tenantId` with its full token, tests it and accepts the
 * fingerprints the test showed (trust on first use); returns the server id.
 */
export async function registerServer(api: ApiCall, admin: string, tenantId: string, pve: ProxmoxServer, fields: Record<string, unknown> = {}): Promise<string> {
  const base = `/api/v1/tenants/${tenantId}/servers`;
  const body = { name: pve.name, host: pve.host, port: pve.port, apiToken: `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}`, ...fields };
  const id = must(await api('POST', base, { token: admin, body }), 201, `register ${pve.name}`).body.server.id as string;
  const tested = await api('POST', `${base}/${id}/test`, { token: admin });
  if (!tested.body?.ok) throw new Error(`connection test of ${pve.name} failed: ${tested.text.slice(0, 300)}`);
  const fingerprints = tested.body.nodes.map((node: { node: string; fingerprint: string }) => ({ node: node.node, fingerprint: node.fingerprint }));
  must(await api('POST', `${base}/${id}/fingerprints`, { token: admin, body: { fingerprints } }), 200, `accept fingerprints of ${pve.name}`);
  return id;
}
