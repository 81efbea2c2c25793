import type { Actor, ConsoleGrant, RequestMetaInput } from '@pve-nexus/contracts';

/**
 * The identity the relay uses on the bus for a session: the grant's actor in the grant's tenant,
 * so inventory decides and audits as for the person who opened the console.
 */
export function actingAs(grant: ConsoleGrant): RequestMetaInput {
  return { actor: grant.actor, tenantId: grant.tenantId, requestId: `console-${grant.sessionId}`, assertion: grant.assertion };
}

/** How listings name an actor: `user:<id>`, `api-key:<id>` or `system:<name>`. */
export function actorId(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api-key':
      return `api-key:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
