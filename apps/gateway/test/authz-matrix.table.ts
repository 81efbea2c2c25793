// The expected answer of every gateway route to every kind of caller, written from the role model
// (libs/authz POLICY's header and docs/ARCHITECTURE.md), not computed by the policy code it checks:
// - viewer: reads the tenant (its tailnet devices too); manager: also servers, guests, consoles,
//   devices (import, enrollment) and machines; tenant admin: also members, API keys, settings (the
//   tailnet's credentials), audit; global admin: everything in every tenant and the installation;
// - API keys act as their role in their tenant, but never on people's matters (members, keys,
//   consoles, fingerprints, their own password or sign-out);
// - a member of another tenant gets nothing of this one.
// A caller the policy refuses gets 401 (no valid credential) or 403 (signed in, not allowed); one it
// lets through gets the route's own answer to an empty body and unknown ids, given as `ok`.

/** The callers of the matrix, each a real credential made by the test. */
export const CALLERS = [
  'global admin',
  'tenant admin',
  'tenant manager',
  'tenant viewer',
  'member of another tenant',
  'api key (manager)',
  'revoked api key',
  'expired token',
  'no token',
] as const;
export type Caller = (typeof CALLERS)[number];

/** Callers without a valid credential: refused with 401, not 403. */
export const UNAUTHENTICATED: readonly Caller[] = ['revoked api key', 'expired token', 'no token'];

const GLOBAL_ADMIN: Caller[] = ['global admin'];
const TENANT_ADMINS: Caller[] = ['global admin', 'tenant admin'];
const MANAGERS: Caller[] = [...TENANT_ADMINS, 'tenant manager'];
const VIEWERS: Caller[] = [...MANAGERS, 'tenant viewer'];
const PEOPLE: Caller[] = [...VIEWERS, 'member of another tenant'];
const KEY: Caller = 'api key (manager)';
const EVERYONE: Caller[] = [...CALLERS];

/**
 * `may`: who gets past the policy; `ok`: what they then get. 503 where the stack of the matrix runs no
 * executor or relay (the route was allowed, the service behind it is absent); 400 for an empty body;
 * 404 for an id that does not exist.
 */
export const MATRIX: Record<string, { may: readonly Caller[]; ok: number }> = {
  'POST /api/v1/auth/login': { may: EVERYONE, ok: 400 },
  // No refresh cookie: the route's own 401, for everyone.
  'POST /api/v1/auth/refresh': { may: EVERYONE, ok: 401 },
  'POST /api/v1/auth/password': { may: PEOPLE, ok: 400 },
  'POST /api/v1/auth/logout': { may: PEOPLE, ok: 204 },
  'GET /api/v1/me': { may: [...PEOPLE, KEY], ok: 200 },
  // Public, and down: the matrix runs no executor, relay or discovery.
  'GET /api/v1/health': { may: EVERYONE, ok: 503 },

  'GET /api/v1/users': { may: GLOBAL_ADMIN, ok: 200 },
  'POST /api/v1/users': { may: GLOBAL_ADMIN, ok: 400 },
  'PATCH /api/v1/users/:userId': { may: GLOBAL_ADMIN, ok: 400 },
  'DELETE /api/v1/users/:userId': { may: GLOBAL_ADMIN, ok: 404 },

  'GET /api/v1/tenants': { may: [...PEOPLE, KEY], ok: 200 },
  'POST /api/v1/tenants': { may: GLOBAL_ADMIN, ok: 400 },
  'GET /api/v1/tenants/:tenantId': { may: [...VIEWERS, KEY], ok: 200 },
  'PATCH /api/v1/tenants/:tenantId': { may: TENANT_ADMINS, ok: 400 },
  'POST /api/v1/tenants/:tenantId/deactivate': { may: GLOBAL_ADMIN, ok: 200 },
  'POST /api/v1/tenants/:tenantId/activate': { may: GLOBAL_ADMIN, ok: 200 },
  'GET /api/v1/tenants/:tenantId/members': { may: TENANT_ADMINS, ok: 200 },
  'PUT /api/v1/tenants/:tenantId/members': { may: TENANT_ADMINS, ok: 400 },
  'DELETE /api/v1/tenants/:tenantId/members/:userId': { may: TENANT_ADMINS, ok: 404 },
  'GET /api/v1/tenants/:tenantId/invitations': { may: TENANT_ADMINS, ok: 200 },
  'DELETE /api/v1/tenants/:tenantId/invitations/:invitationId': { may: TENANT_ADMINS, ok: 404 },
  // One's own invitations: people only, whatever their tenant.
  'GET /api/v1/me/invitations': { may: PEOPLE, ok: 200 },
  'POST /api/v1/me/invitations/:invitationId/accept': { may: PEOPLE, ok: 404 },
  'POST /api/v1/me/invitations/:invitationId/decline': { may: PEOPLE, ok: 404 },
  'GET /api/v1/tenants/:tenantId/api-keys': { may: TENANT_ADMINS, ok: 200 },
  'POST /api/v1/tenants/:tenantId/api-keys': { may: TENANT_ADMINS, ok: 400 },
  'DELETE /api/v1/tenants/:tenantId/api-keys/:apiKeyId': { may: TENANT_ADMINS, ok: 404 },

  'GET /api/v1/tenants/:tenantId/audit': { may: TENANT_ADMINS, ok: 200 },
  'GET /api/v1/audit': { may: GLOBAL_ADMIN, ok: 200 },
  'POST /api/v1/audit/verify': { may: GLOBAL_ADMIN, ok: 200 },
  'GET /api/v1/egress-policy': { may: GLOBAL_ADMIN, ok: 200 },
  'PUT /api/v1/egress-policy': { may: GLOBAL_ADMIN, ok: 400 },

  'GET /api/v1/tenants/:tenantId/servers': { may: [...VIEWERS, KEY], ok: 200 },
  'POST /api/v1/tenants/:tenantId/servers': { may: [...MANAGERS, KEY], ok: 400 },
  'POST /api/v1/tenants/:tenantId/servers/test': { may: [...MANAGERS, KEY], ok: 400 },
  'POST /api/v1/tenants/:tenantId/servers/import': { may: [...MANAGERS, KEY], ok: 400 },
  'GET /api/v1/tenants/:tenantId/servers/export': { may: [...VIEWERS, KEY], ok: 200 },
  'GET /api/v1/tenants/:tenantId/servers/:serverId': { may: [...VIEWERS, KEY], ok: 404 },
  'GET /api/v1/tenants/:tenantId/servers/:serverId/health': { may: [...VIEWERS, KEY], ok: 404 },
  'PATCH /api/v1/tenants/:tenantId/servers/:serverId': { may: [...MANAGERS, KEY], ok: 400 },
  'DELETE /api/v1/tenants/:tenantId/servers/:serverId': { may: [...MANAGERS, KEY], ok: 404 },
  'POST /api/v1/tenants/:tenantId/servers/:serverId/test': { may: [...MANAGERS, KEY], ok: 503 },
  // Trusting a certificate is a person's judgement: no API key.
  'POST /api/v1/tenants/:tenantId/servers/:serverId/fingerprints': { may: MANAGERS, ok: 400 },
  'GET /api/v1/tenants/:tenantId/servers/:serverId/api/*path': { may: [...MANAGERS, KEY], ok: 503 },

  'GET /api/v1/tenants/:tenantId/fleet': { may: [...VIEWERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/events': { may: [...VIEWERS, KEY], ok: 200 },
  'POST /api/v1/tenants/:tenantId/servers/:serverId/nodes/:node/guests/:vmid/actions': { may: [...MANAGERS, KEY], ok: 400 },
  'POST /api/v1/tenants/:tenantId/fleet/actions': { may: [...MANAGERS, KEY], ok: 400 },
  'GET /api/v1/tenants/:tenantId/servers/:serverId/nodes/:node/tasks/:upid': { may: [...VIEWERS, KEY], ok: 503 },

  // Viewers too (view-only); people only.
  'POST /api/v1/tenants/:tenantId/servers/:serverId/nodes/:node/guests/:vmid/console': { may: VIEWERS, ok: 400 },
  'GET /api/v1/tenants/:tenantId/console-sessions': { may: TENANT_ADMINS, ok: 503 },
  'DELETE /api/v1/tenants/:tenantId/console-sessions/:sessionId': { may: TENANT_ADMINS, ok: 503 },
  'GET /api/v1/console-sessions': { may: GLOBAL_ADMIN, ok: 503 },

  // Tailnet credentials: everyone of the tenant sees which tailnet (never the secret); admins change them.
  'GET /api/v1/tenants/:tenantId/tailscale/credentials': { may: [...VIEWERS, KEY], ok: 200 },
  'PUT /api/v1/tenants/:tenantId/tailscale/credentials': { may: TENANT_ADMINS, ok: 400 },
  'DELETE /api/v1/tenants/:tenantId/tailscale/credentials': { may: TENANT_ADMINS, ok: 404 },
  // An empty body tests the stored credentials, in discovery (absent here).
  'POST /api/v1/tenants/:tenantId/tailscale/test': { may: TENANT_ADMINS, ok: 503 },
  'GET /api/v1/tenants/:tenantId/tailscale/status': { may: [...VIEWERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/tailscale/devices': { may: [...VIEWERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/tailscale/devices/:deviceId': { may: [...VIEWERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/tailscale/events': { may: [...VIEWERS, KEY], ok: 200 },
  'POST /api/v1/tenants/:tenantId/tailscale/sync': { may: [...MANAGERS, KEY], ok: 503 },
  'POST /api/v1/tenants/:tenantId/tailscale/import': { may: [...MANAGERS, KEY], ok: 400 },
  'GET /api/v1/tenants/:tenantId/tailscale/auth-keys': { may: [...VIEWERS, KEY], ok: 503 },
  // An empty body is a valid request (every field has a default): it reaches discovery.
  'POST /api/v1/tenants/:tenantId/tailscale/auth-keys': { may: [...MANAGERS, KEY], ok: 503 },
  'DELETE /api/v1/tenants/:tenantId/tailscale/auth-keys/:keyId': { may: [...MANAGERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/tailscale/enrollments': { may: [...VIEWERS, KEY], ok: 200 },
  'POST /api/v1/tenants/:tenantId/tailscale/enrollments/:enrollmentId/validate': { may: [...MANAGERS, KEY], ok: 503 },
  'GET /api/v1/tenants/:tenantId/machines': { may: [...VIEWERS, KEY], ok: 200 },
  'DELETE /api/v1/tenants/:tenantId/machines/:machineId': { may: [...MANAGERS, KEY], ok: 404 },
};

/** The exact status `caller` must get from the route `key` (`METHOD /path`). */
export function expectedStatus(key: string, caller: Caller): number {
  const row = MATRIX[key];
  if (!row) throw new Error(`no matrix row for ${key}`);
  if (row.may.includes(caller)) return row.ok;
  return UNAUTHENTICATED.includes(caller) ? 401 : 403;
}
