import { assertUnreachable, type Actor, type AuditOutcome } from '@pve-nexus/contracts';

/** Name of the installation-wide chain: entries that belong to no tenant (user and tenant administration, logins). */
export const GLOBAL_CHAIN = 'global';

/**
 * One event to record, as inventory modules hand it to {@link AuditWriter}. Who, what, on what, with
 * which outcome; the writer adds the id, the position in the chain, the time and the hashes.
 */
export interface AuditRecord {
  /** null: the installation-wide chain ("global"). */
  tenantId: string | null;
  /** Who acted; `anonymous` for attempts without valid credentials (a failed login). */
  actor: Actor | { type: 'anonymous' };
  /** Dotted, lower-case verb (`user.login`, `tenant.deactivate`); see `AuditAction` in the contracts. */
  action: string;
  outcome: AuditOutcome;
  /** Kind of the object acted on (`user`, `tenant`, `server`); at most 32 characters. */
  targetType?: string;
  /** Its id; at most 128 characters. */
  targetId?: string;
  /** The request id of the bus request or HTTP call that caused it, to correlate with the logs. */
  requestId?: string;
  /** Context for a reader; secrets are redacted before storing, but keep them out anyway. Default `{}`. */
  details?: Record<string, unknown>;
}

/** The chain an entry belongs to: its tenant's id, or {@link GLOBAL_CHAIN}. */
export function chainOf(tenantId: string | null): string {
  // PostgreSQL stores uuids lower-cased; the chain name must match what reads back.
  return tenantId === null ? GLOBAL_CHAIN : tenantId.toLowerCase();
}

/** The `actorType` / `actorId` columns of an actor: the kind of principal and its stable id. */
export function actorColumns(actor: AuditRecord['actor']): { actorType: string; actorId: string } {
  switch (actor.type) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId };
    case 'api-key':
      return { actorType: 'api-key', actorId: actor.apiKeyId };
    case 'system':
      return { actorType: 'system', actorId: actor.name };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: 'anonymous' };
    default:
      return assertUnreachable(actor);
  }
}
