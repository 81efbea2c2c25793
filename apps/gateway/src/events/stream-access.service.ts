import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { decide, revocationConcerns, type LiveAccess } from '@pve-nexus/authz';
import { AccessRevokedBroadcast, IdentityRpc, NexusError, type AccessRevoked, type Principal } from '@pve-nexus/contracts';
import { Broadcaster, BusClient, type BroadcastSubscription } from '@pve-nexus/messaging';
import { actorFor } from '../auth/actor.util.js';
import { Authenticator, GATEWAY_ACTOR } from '../auth/authenticator.js';

export const STREAM_ACCESS_OPTIONS = Symbol('STREAM_ACCESS_OPTIONS');

export interface StreamAccessOptions {
  /** How often every open stream's reader is checked again, in ms. */
  recheckIntervalMs: number;
}

/** An open event stream: who reads it, how to check them again, and how to end it. */
export interface WatchedStream {
  principal: Principal;
  tenantId: string;
  /** The request's `Authorization` header, for an API key (re-resolved as a request would be). */
  authorization: string | undefined;
  end(reason: string): void;
}

/**
 * Ends live event streams whose reader lost access, as the relay ends consoles: at once on an
 * {@link AccessRevoked} broadcast (membership removed or changed, signed out, user or tenant
 * deactivated, API key revoked), and on a periodic re-check that catches a missed broadcast.
 * An inventory that cannot answer is not a revocation: the next round asks again.
 */
@Injectable()
export class StreamAccess implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StreamAccess.name);
  private readonly streams = new Set<WatchedStream>();
  private subscription?: BroadcastSubscription;
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly bus: BusClient,
    private readonly authenticator: Authenticator,
    @Inject(STREAM_ACCESS_OPTIONS) private readonly options: StreamAccessOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.broadcaster.subscribe(AccessRevokedBroadcast, (revoked) => this.revoke(revoked));
    this.timer = setInterval(() => void this.recheck(), this.options.recheckIntervalMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.close();
  }

  /** Watches a stream until the returned function is called (when it ends for any reason). */
  watch(stream: WatchedStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  private revoke(revoked: AccessRevoked): void {
    for (const stream of this.streams) {
      if (revocationConcerns(revoked, liveAccess(stream))) this.end(stream, revoked.reason);
    }
  }

  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const stream of [...this.streams]) await this.recheckOne(stream);
    } finally {
      this.checking = false;
    }
  }

  private async recheckOne(stream: WatchedStream): Promise<void> {
    let principal: Principal | null;
    try {
      principal = await this.resolve(stream);
    } catch (error) {
      if (error instanceof NexusError && error.code === 'UNAUTHENTICATED') {
        this.end(stream, 'signed-out');
      } else {
        this.logger.warn(`access re-check of an event stream failed: ${(error as Error).message}`);
      }
      return;
    }
    if (!principal || !decide(actorFor(principal, stream.tenantId), 'vm.read', { tenantId: stream.tenantId }).allowed) this.end(stream, 'access-lost');
  }

  /** The reader as inventory knows them now: a person by user and sign-in session (their access token may have expired since), an API key as presented. */
  private resolve(stream: WatchedStream): Promise<Principal | null> {
    const { principal } = stream;
    if (principal.type === 'api-key') return this.authenticator.authenticate(stream.authorization, `events-recheck-${randomUUID()}`);
    return this.bus.request(IdentityRpc.resolveUser, { userId: principal.user.id, sessionId: principal.sessionId }, { actor: GATEWAY_ACTOR, requestId: `events-recheck-${randomUUID()}` });
  }

  private end(stream: WatchedStream, reason: string): void {
    if (!this.streams.delete(stream)) return;
    stream.end(reason);
  }
}

function liveAccess(stream: WatchedStream): LiveAccess {
  const actor = actorFor(stream.principal, stream.tenantId);
  return { actor, tenantId: stream.tenantId, ...(stream.principal.type === 'user' ? { authSessionId: stream.principal.sessionId } : {}) };
}
