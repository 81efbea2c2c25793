import { decide, revocationConcerns } from '@pve-nexus/authz';
import type { AccessRevoked, ConsoleGrant, Principal } from '@pve-nexus/contracts';

/** Whether a revocation concerns a session: every field it gives must match the session's grant. */
export function revokes(revoked: AccessRevoked, grant: ConsoleGrant): boolean {
  return revocationConcerns(revoked, { actor: grant.actor, tenantId: grant.tenantId, ...(grant.authSessionId ? { authSessionId: grant.authSessionId } : {}) });
}

/**
 * Whether the person behind a session may still have it, from their current principal: the
 * tenant still active, and the policy still granting the console as opened (`console.open` for a
 * full console, `console.view` for a view-only one) with their current roles.
 */
export function stillAllowed(principal: Extract<Principal, { type: 'user' }>, grant: ConsoleGrant): boolean {
  const membership = principal.memberships.find((member) => member.tenantId === grant.tenantId);
  if (membership && !membership.tenantActive) return false;
  const actor = {
    type: 'user' as const,
    userId: principal.user.id,
    globalRole: principal.user.globalRole,
    mustChangePassword: principal.user.mustChangePassword,
    ...(membership ? { tenantRole: membership.role } : {}),
  };
  return decide(actor, grant.viewOnly ? 'console.view' : 'console.open', { tenantId: grant.tenantId }).allowed;
}
