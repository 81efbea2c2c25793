import type { Actor, Principal } from '@pve-nexus/contracts';

/**
 * The actor of one request: the principal with its role in the request's tenant. A membership of a
 * deactivated tenant gives no role, so its members lose access on their next request.
 */
export function actorFor(principal: Principal, tenantId: string | undefined): Actor {
  if (principal.type === 'api-key') {
    return { type: 'api-key', apiKeyId: principal.apiKeyId, tenantId: principal.tenantId, tenantRole: principal.role };
  }
  const membership = tenantId ? principal.memberships.find((m) => m.tenantId === tenantId && m.tenantActive) : undefined;
  return {
    type: 'user',
    userId: principal.user.id,
    globalRole: principal.user.globalRole,
    mustChangePassword: principal.user.mustChangePassword,
    ...(membership ? { tenantRole: membership.role } : {}),
  };
}
