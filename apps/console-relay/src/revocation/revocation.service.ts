import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessRevokedBroadcast, ConsoleCloseCode, IdentityRpc, NexusError, type AccessRevoked } from '@pve-nexus/contracts';
import { Broadcaster, BusClient, type BroadcastSubscription } from '@pve-nexus/messaging';
import { ConsoleSessions } from '../relay/console-sessions.service.js';
import type { LiveSession } from '../relay/live-session.js';
import { revokes, stillAllowed } from './access-check.util.js';

export const REVOCATION_OPTIONS = Symbol('REVOCATION_OPTIONS');

/** How often live sessions are re-checked against their owners' current access. */
export interface RevocationOptions {
  checkIntervalMs: number;
}

const REASON = 'access revoked';

/**
 * Ends consoles whose owner lost access: at once on an {@link AccessRevoked} broadcast (every
 * replica hears it), and on a periodic re-check of each signed-in person behind a live session
 * (one principal lookup per person and sign-in session, however many consoles), so a revocation
 * whose broadcast was missed (NATS away, replica restarting) still ends them.
 */
@Injectable()
export class RevocationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationService.name);
  private subscription?: BroadcastSubscription;
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly broadcaster: Broadcaster,
    private readonly bus: BusClient,
    @Inject(REVOCATION_OPTIONS) private readonly options: RevocationOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.broadcaster.subscribe(AccessRevokedBroadcast, (revoked) => this.revoke(revoked));
    this.timer = setInterval(() => void this.recheck(), this.options.checkIntervalMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.close();
  }

  private revoke(revoked: AccessRevoked): void {
    const ended = this.sessions.endWhere((grant) => revokes(revoked, grant), ConsoleCloseCode.ACCESS_REVOKED, REASON);
    if (ended > 0) this.logger.log(`ended ${ended} console session(s): access revoked (${revoked.reason})`);
  }

  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      // By sign-in session (one per person and browser): one re-check covers all its consoles.
      const signIns = new Map<string, { userId: string; sessions: LiveSession[] }>();
      for (const session of this.sessions.sessions()) {
        const { actor, authSessionId } = session.grant;
        if (actor.type !== 'user' || !authSessionId) continue;
        const signIn = signIns.get(authSessionId) ?? { userId: actor.userId, sessions: [] };
        signIn.sessions.push(session);
        signIns.set(authSessionId, signIn);
      }
      for (const [authSessionId, { userId, sessions }] of signIns) await this.recheckPerson(userId, authSessionId, sessions);
    } finally {
      this.checking = false;
    }
  }

  private async recheckPerson(userId: string, authSessionId: string, sessions: LiveSession[]): Promise<void> {
    let principal;
    try {
      principal = await this.bus.request(IdentityRpc.resolveUser, { userId, sessionId: authSessionId }, { actor: { type: 'system', name: 'console-relay' }, requestId: `console-recheck-${randomUUID()}` });
    } catch (error) {
      if (error instanceof NexusError && error.code === 'UNAUTHENTICATED') {
        for (const session of sessions) session.end(ConsoleCloseCode.ACCESS_REVOKED, REASON);
      } else {
        // Inventory unreachable is not a revocation: the next round asks again.
        this.logger.warn(`access re-check of ${sessions.length} console session(s) failed: ${(error as Error).message}`);
      }
      return;
    }
    if (principal.type !== 'user') return;
    for (const session of sessions) if (!stillAllowed(principal, session.grant)) session.end(ConsoleCloseCode.ACCESS_REVOKED, REASON);
  }
}
