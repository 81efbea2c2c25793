import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import WebSocket from 'ws';
import { ConsoleCloseCode, NexusError, type ConsoleGrant } from '@pve-nexus/contracts';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@pve-nexus/service-kit';
import { ConsoleAudit } from './console-audit.service.js';
import { ConsoleMetrics, type RefusalReason } from './console-metrics.js';
import { GrantRepository } from './grant.repository.js';
import { closeSocket, LiveSession, type SessionEnd } from './live-session.js';
import { MessageHold } from './message-hold.js';
import { ProxmoxConsoleRepository, type UpstreamConsole } from './proxmox-console.repository.js';
import { RELAY_OPTIONS, type RelayOptions } from './relay.options.js';
import { RfbViewOnlyFilter } from './rfb-view-only.filter.js';
import { SessionRegistry } from './session-registry.repository.js';
import { TermViewOnlyFilter } from './term-view-only.filter.js';

/**
 * The console sessions of this replica: redeeming a token into a relayed session, the registry
 * heartbeat, ending sessions (one, or all that match), and the drain on shutdown.
 */
@Injectable()
export class ConsoleSessions implements OnModuleInit, BeforeApplicationShutdown {
  /** This replica's name in the registry. */
  readonly replica: string;
  private readonly logger = new Logger(ConsoleSessions.name);
  private readonly live = new Map<string, LiveSession>();
  /** Clean-ups of ended sessions still running (registry, audit): the drain waits for them. */
  private readonly settling = new Set<Promise<void>>();
  private draining = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly grants: GrantRepository,
    private readonly upstreams: ProxmoxConsoleRepository,
    private readonly registry: SessionRegistry,
    private readonly audit: ConsoleAudit,
    private readonly metrics: ConsoleMetrics,
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.replica = identity.instanceId;
  }

  /** False once the replica drains: new connections are refused (503) so clients go elsewhere. */
  get accepting(): boolean {
    return !this.draining;
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => void this.renew(), this.options.heartbeatMs).unref();
  }

  /**
   * Serves an accepted client WebSocket: redeems its token (before anything else, so a replayed or
   * expired token never causes an upstream connection), takes a tenant slot, opens the Proxmox
   * console and relays. Every refusal closes the client with the contract's close code.
   */
  async open(client: WebSocket, token: string | undefined): Promise<void> {
    client.pause();
    const held = new MessageHold(client);
    const refuse = (reason: RefusalReason, code: number, message: string) => {
      this.metrics.refused(reason);
      held.release();
      closeSocket(client, code, message);
    };
    let grant: ConsoleGrant | undefined;
    let claimed: boolean;
    try {
      grant = token === undefined ? undefined : await this.grants.redeem(token);
      if (!grant) return refuse('token', ConsoleCloseCode.TOKEN_REFUSED, 'console token refused');
      if (Date.now() > grant.acceptBy) return refuse('accept-window', ConsoleCloseCode.TOKEN_REFUSED, 'console token expired');
      claimed = await this.registry.claimSlot(grant.tenantId, grant.sessionId, this.options.tenantSessionCap);
    } catch (error) {
      this.logger.error(`console set-up failed: ${(error as Error).message}`);
      return refuse('internal', 1011, 'try again');
    }
    if (!claimed) return refuse('tenant-cap', ConsoleCloseCode.TENANT_SESSION_CAP, 'too many consoles open in this tenant');

    let upstream: UpstreamConsole;
    try {
      upstream = await this.upstreams.open(grant);
    } catch (error) {
      const denied = error instanceof NexusError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN');
      this.forget(grant);
      void this.audit.failed(grant, (error as Error).message);
      return refuse(denied ? 'access' : 'upstream', denied ? ConsoleCloseCode.ACCESS_REVOKED : ConsoleCloseCode.UPSTREAM_FAILED, denied ? 'access refused' : 'console unavailable');
    }
    if (client.readyState !== WebSocket.OPEN || this.draining) {
      closeSocket(upstream.socket, 1000, '');
      this.forget(grant);
      void this.audit.failed(grant, this.draining ? 'relay shutting down' : 'browser left during set-up');
      return this.draining ? refuse('draining', ConsoleCloseCode.DRAINING, 'relay shutting down: reconnect') : refuse('client-left', 1001, '');
    }
    this.relay(grant, client, held, upstream);
  }

  /** This replica's live sessions. */
  sessions(): LiveSession[] {
    return [...this.live.values()];
  }

  /** Ends a session of this replica; false when it is not here. */
  end(sessionId: string, code: number, reason: string, endedBy?: string): boolean {
    const session = this.live.get(sessionId);
    session?.end(code, reason, 'relay', endedBy);
    return session !== undefined;
  }

  /** Ends every session of this replica whose grant matches; returns how many. */
  endWhere(matches: (grant: ConsoleGrant) => boolean, code: number, reason: string): number {
    const matching = this.sessions().filter((session) => matches(session.grant));
    for (const session of matching) session.end(code, reason);
    return matching.length;
  }

  /**
   * SIGTERM: refuse new connections, give live sessions `drainGraceMs` to end by themselves, then
   * close the rest with DRAINING (their clients reconnect through another replica) and wait until
   * each is released and audited.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + this.options.drainGraceMs;
    while (this.live.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
    this.endWhere(() => true, ConsoleCloseCode.DRAINING, 'relay shutting down: reconnect');
    await Promise.all(this.settling);
    clearInterval(this.heartbeat);
  }

  private relay(grant: ConsoleGrant, client: WebSocket, held: MessageHold, upstream: UpstreamConsole): void {
    const filter = grant.viewOnly ? (grant.protocol === 'vnc' ? new RfbViewOnlyFilter() : new TermViewOnlyFilter()) : undefined;
    const session = new LiveSession(grant, client, upstream.socket, filter, this.options, this.metrics);
    this.live.set(grant.sessionId, session);
    this.metrics.active.inc();
    const opened = this.audit.opened(grant);
    const settled = session.ended.then((end) => this.settle(session, end, opened));
    this.settling.add(settled);
    void settled.finally(() => this.settling.delete(settled));
    session.start(held.release(), upstream.hold.release());
    void this.registry.renew([session.view(this.replica)]).catch((error: Error) => this.logger.warn(`registry: ${error.message}`));
  }

  private async settle(session: LiveSession, end: SessionEnd, opened: Promise<void>): Promise<void> {
    this.live.delete(session.grant.sessionId);
    this.metrics.active.dec();
    this.metrics.duration.observe({ protocol: session.grant.protocol }, (end.at - session.openedAt) / 1000);
    this.forget(session.grant);
    // The close follows its open in the audit chain.
    await opened;
    await this.audit.closed(session.grant, end, session);
  }

  /** Frees a session's tenant slot and registry record. */
  private forget(grant: ConsoleGrant): void {
    const released = this.registry.release(grant.tenantId, grant.sessionId).catch((error: Error) => this.logger.warn(`registry: ${error.message}`));
    this.settling.add(released);
    void released.finally(() => this.settling.delete(released));
  }

  private async renew(): Promise<void> {
    await this.registry.renew(this.sessions().map((session) => session.view(this.replica))).catch((error: Error) => this.logger.warn(`registry heartbeat: ${error.message}`));
  }
}
