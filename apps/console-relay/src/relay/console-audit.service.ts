import { Injectable, Logger } from '@nestjs/common';
import { AuditRpc, type ConsoleGrant } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { actingAs } from './acting-as.util.js';
import type { SessionEnd } from './live-session.js';

/**
 * Audit entries of console sessions, appended by inventory in the grant's tenant as the grant's
 * actor. Details name the session and the guest, never the token, ticket or password. A failed
 * append is logged: it must not end (or keep from starting) a console already relayed.
 */
@Injectable()
export class ConsoleAudit {
  private readonly logger = new Logger(ConsoleAudit.name);

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
    try {
      await this.bus.request(AuditRpc.append, request, actingAs(grant));
    } catch (error) {
      this.logger.warn(`audit ${action} of console ${grant.sessionId} not recorded: ${(error as Error).message}`);
    }
  }
}
