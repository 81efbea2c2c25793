import type { AccessRevoked, Actor } from '@pve-nexus/contracts';

/** Who holds something live (a console, an event stream): enough to match an {@link AccessRevoked}. */
export interface LiveAccess {
  actor: Actor;
  /** The sign-in session it was opened under, for a person. */
  authSessionId?: string;
  tenantId: string;
}

/** Whether a revocation concerns what `holder` holds: every field the revocation gives must match. */
export function revocationConcerns(revoked: AccessRevoked, holder: LiveAccess): boolean {
  const { actor } = holder;
  if (revoked.userId !== undefined && !(actor.type === 'user' && actor.userId === revoked.userId)) return false;
  if (revoked.apiKeyId !== undefined && !(actor.type === 'api-key' && actor.apiKeyId === revoked.apiKeyId)) return false;
  if (revoked.authSessionId !== undefined && holder.authSessionId !== revoked.authSessionId) return false;
  if (revoked.tenantId !== undefined && holder.tenantId !== revoked.tenantId) return false;
  return true;
}
