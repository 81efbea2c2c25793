import { Injectable, Logger } from '@nestjs/common';
import { AuditRpc, type ConsoleGrant } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { actingAs } from './acting-as.util.js';
import type { SessionEnd } from './live-session.js';

/**
 * Appends this replica has in flight at most; the others wait their turn here. Why: inventory
 * appends a tenant's entries one at a time from a small database pool, so thousands of sessions
 * ending at once (a drain, a revoked tenant, a network cut) sent all at once would time out on the
 * bus or wait past the pool's limit, and those closes would never be recorded.
 */
const MAX_APPENDS_IN_FLIGHT = 16;

/**
 * Audit entries of console sessions, appended by inventory in the grant's tenant as the grant's
 * actor. Details name the session and the guest, never the token, ticket or password. A failed
 * append is logged: it must not end (or keep from starting) a console already relayed.
 */
@Injectable()
export class ConsoleAudit {
  private readonly logger = new Logger(ConsoleAudit.name);
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly bus: BusClient) {}

  opened(grant: ConsoleGrant): Promise<void> {
    return this.append(grant, 'console.open', 'success', {});
  }

  /** A redeemed grant whose console could not be opened (Proxmox unreachable, access gone). */
  failed(grant: ConsoleGrant, reason: string): Promise<void> {
    return this.append(grant, 'console.open', 'failure', { reason });
  }

  closed(grant: ConsoleGrant, end: SessionEnd, session: { openedAt: number; bytesIn: number; bytesOut: number }): Promise<void> {
    return this.append(grant, 'console.close', 'success', {
      closeCode: end.code,
      reason: end.reason,
      closedBy: end.by,
      ...(end.endedBy ? { endedBy: end.endedBy } : {}),
      durationMs: end.at - session.openedAt,
      bytesIn: session.bytesIn,
      bytesOut: session.bytesOut,
    });
  }

  private async append(grant: ConsoleGrant, action: string, outcome: 'success' | 'failure', details: Record<string, unknown>): Promise<void> {
    const request = {
      action,
      outcome,
      targetType: 'console',
      targetId: grant.sessionId,
      details: { sessionId: grant.sessionId, serverId: grant.serverId, node: grant.node, vmid: grant.vmid, guestType: grant.guestType, protocol: grant.protocol, viewOnly: grant.viewOnly, ...details },
    };
    await this.turn();
    try {
      await this.bus.request(AuditRpc.append, request, actingAs(grant));
    } catch (error) {
      this.logger.warn(`audit ${action} of console ${grant.sessionId} not recorded: ${(error as Error).message}`);
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  /** Resolves once this append may be sent, in the order they came. */
  private turn(): Promise<void> {
    if (this.inFlight < MAX_APPENDS_IN_FLIGHT) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.inFlight++;
        resolve();
      }),
    );
  }
}
