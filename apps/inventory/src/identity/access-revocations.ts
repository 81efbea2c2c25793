import { Injectable } from '@nestjs/common';
import { AccessRevokedBroadcast, type AccessRevoked } from '@pve-nexus/contracts';
import { Broadcaster } from '@pve-nexus/messaging';

/** Why someone lost access, as the broadcast says it. */
export type RevocationReason =
  | 'user-deactivated'
  | 'user-deleted'
  | 'global-role-changed'
  | 'signed-out'
  | 'refresh-token-replayed'
  | 'password-changed'
  | 'member-removed'
  | 'member-role-changed'
  | 'tenant-deactivated'
  | 'api-key-revoked';

/**
 * Tells every process that someone lost access ({@link AccessRevoked} on core NATS), so the console
 * relays end the matching live consoles at once instead of at their next limit. Called once the
 * change is committed: a broadcast for a rolled-back change would end consoles for nothing.
 */
@Injectable()
export class AccessRevocations {
  constructor(private readonly broadcaster: Broadcaster) {}

  /** Never rejects: the change already happened, a lost broadcast only leaves a console to its limits. */
  async announce(...revocations: Array<Omit<AccessRevoked, 'reason'> & { reason: RevocationReason }>): Promise<void> {
    await Promise.all(revocations.map((revocation) => this.broadcaster.publish(AccessRevokedBroadcast, revocation)));
  }
}
