import type { Counter } from 'prom-client';
import WebSocket, { type RawData } from 'ws';
import { ConsoleCloseCode, type ConsoleGrant, type ConsoleSessionView } from '@pve-nexus/contracts';
import { actorId } from './acting-as.util.js';
import { ProtocolViolation, type ClientFilter } from './client-filter.js';
import { toBuffer } from './message-hold.js';

/** Limits of one session (see config.ts). */
export interface SessionLimits {
  idleTimeoutMs: number;
  maxSessionMs: number;
  /** Bytes queued on one side above which the other side is paused; it resumes below half. */
  highWaterMark: number;
}

/** How a session ended: the close code the browser got (or sent), and who ended it. */
export interface SessionEnd {
  code: number;
  reason: string;
  by: 'client' | 'upstream' | 'relay';
  /** The administrator who ended it (`ENDED_BY_ADMIN`), as `user:<id>`. */
  endedBy?: string;
  at: number;
}

/** Byte counters the session adds to as it relays. */
export interface ByteCounters {
  bytesIn: Counter.Internal;
  bytesOut: Counter.Internal;
}

/**
 * One relayed console: binary messages both ways with backpressure, the view-only filter on the
 * client's stream when the grant says so, the idle and maximum-duration limits. Ends once, with a
 * close code, whoever ends it; {@link ended} resolves then.
 */
export class LiveSession {
  readonly openedAt = Date.now();
  /** Bytes passed from the browser to Proxmox, and back. */
  bytesIn = 0;
  bytesOut = 0;
  readonly ended: Promise<SessionEnd>;
  private finish!: (end: SessionEnd) => void;
  private outcome?: SessionEnd;
  private lastActivity = Date.now();
  private idleTimer?: NodeJS.Timeout;
  private maxTimer?: NodeJS.Timeout;

  constructor(
    readonly grant: ConsoleGrant,
    private readonly client: WebSocket,
    private readonly upstream: WebSocket,
    private readonly filter: ClientFilter | undefined,
    private readonly limits: SessionLimits,
    private readonly counters: ByteCounters,
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
  }

  /** Starts relaying: first what each side sent while the session was being set up. */
  start(fromClient: Buffer[], fromUpstream: Buffer[]): void {
    this.client.on('message', (data: RawData) => this.fromClient(toBuffer(data)));
    this.upstream.on('message', (data: RawData) => this.fromUpstream(toBuffer(data)));
    this.client.on('close', (code: number) => this.end(code, 'closed by the browser', 'client'));
    // Proxmox ending the console normally (the guest's shell exited) is not a failure to reconnect after.
    this.upstream.on('close', (code: number) =>
      code === 1000 || code === 1005 ? this.end(1000, 'console ended', 'upstream') : this.end(ConsoleCloseCode.UPSTREAM_FAILED, 'Proxmox closed the console', 'upstream'),
    );
    for (const chunk of fromUpstream) this.fromUpstream(chunk);
    for (const chunk of fromClient) this.fromClient(chunk);
    this.watchIdle(this.limits.idleTimeoutMs);
    this.maxTimer = setTimeout(() => this.end(ConsoleCloseCode.MAX_DURATION, 'maximum session length reached'), this.limits.maxSessionMs).unref();
    this.client.resume();
  }

  /** Closes both sides (the browser with `code`); later calls do nothing. */
  end(code: number, reason: string, by: SessionEnd['by'] = 'relay', endedBy?: string): void {
    if (this.outcome) return;
    this.outcome = { code, reason, by, at: Date.now(), ...(endedBy ? { endedBy } : {}) };
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    closeSocket(this.client, code, reason);
    closeSocket(this.upstream, 1000, '');
    this.finish(this.outcome);
  }

  view(replica: string): ConsoleSessionView {
    const { grant } = this;
    return {
      sessionId: grant.sessionId,
      tenantId: grant.tenantId,
      actorId: actorId(grant.actor),
      serverId: grant.serverId,
      serverName: grant.serverName,
      node: grant.node,
      vmid: grant.vmid,
      guestType: grant.guestType,
      ...(grant.guestName ? { guestName: grant.guestName } : {}),
      protocol: grant.protocol,
      viewOnly: grant.viewOnly,
      replica,
      openedAt: new Date(this.openedAt).toISOString(),
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
    };
  }

  private fromClient(data: Buffer): void {
    this.lastActivity = Date.now();
    let allowed = data;
    if (this.filter) {
      try {
        allowed = this.filter.accept(data);
      } catch (error) {
        if (!(error instanceof ProtocolViolation)) throw error;
        this.end(ConsoleCloseCode.PROTOCOL_ERROR, 'console protocol error');
        return;
      }
    }
    if (allowed.length === 0) return;
    this.bytesIn += allowed.length;
    this.counters.bytesIn.inc(allowed.length);
    this.forward(this.upstream, this.client, allowed);
  }

  private fromUpstream(data: Buffer): void {
    this.lastActivity = Date.now();
    this.bytesOut += data.length;
    this.counters.bytesOut.inc(data.length);
    this.forward(this.client, this.upstream, data);
  }

  /** Sends to `target`; while `target` has more than the high-water mark queued, `source` is not read. */
  private forward(target: WebSocket, source: WebSocket, data: Buffer): void {
    if (target.readyState !== WebSocket.OPEN) return;
    target.send(data, { binary: true }, () => {
      if (source.isPaused && target.bufferedAmount <= this.limits.highWaterMark / 2) source.resume();
    });
    if (target.bufferedAmount > this.limits.highWaterMark) source.pause();
  }

  private watchIdle(delayMs: number): void {
    this.idleTimer = setTimeout(() => {
      const quietMs = Date.now() - this.lastActivity;
      if (quietMs >= this.limits.idleTimeoutMs) this.end(ConsoleCloseCode.IDLE_TIMEOUT, 'idle for too long');
      else this.watchIdle(this.limits.idleTimeoutMs - quietMs);
    }, delayMs).unref();
  }
}

/** Closes a socket, reading it again if paused: the peer's closing frame must be read for the close to finish. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  socket.resume();
  if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
  else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
}
