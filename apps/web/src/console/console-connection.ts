import type { ConsoleOpened } from '@pve-nexus/contracts';
import { toApiError } from '../api/api-error';
import { closeOutcome, isTransientOpenError, MAX_RECONNECT_ATTEMPTS, reconnectDelayMs } from './reconnect-policy.util';
import { openRelaySocket } from './relay-socket';

/** What the toolbar shows. */
export type ConsoleStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  /** Attempt `attempt` of `maxAttempts` after the connection dropped for `reason`. */
  | { state: 'reconnecting'; attempt: number; maxAttempts: number; reason: string }
  | { state: 'disconnected'; reason: string };

/** The parts of a console grant the page may keep and show: no token, no VNC password. */
export type ConsoleGrantInfo = Pick<ConsoleOpened, 'sessionId' | 'protocol' | 'viewOnly' | 'guest'>;

/** How a viewer tells the connection about its side of the protocol. */
export interface LinkEvents {
  /** The console works end to end: noVNC finished the VNC handshake, or the terminal got output. */
  connected(): void;
  /** The viewer gave up for a reason a reconnect would not fix (VNC authentication failed). */
  failed(message: string): void;
}

/** A viewer wired onto one relay socket. `close` releases the viewer (and may close the socket). */
export interface ConsoleLink {
  close(): void;
}

/** Wires a viewer (noVNC, the terminal) onto a freshly opened relay socket. */
export type AttachLink = (socket: WebSocket, opened: ConsoleOpened, events: LinkEvents) => ConsoleLink;

export interface ConsoleConnectionOptions {
  /** Asks the gateway for a console: called for every connect and reconnect (a token works once). */
  open: (signal: AbortSignal) => Promise<ConsoleOpened>;
  attach: AttachLink;
  onStatus: (status: ConsoleStatus) => void;
  /** Every grant, stripped of its secrets: view-only, the guest's name. */
  onGrant?: (grant: ConsoleGrantInfo) => void;
  /** Opens the relay WebSocket; default {@link openRelaySocket}. */
  connectSocket?: (url: string, token: string) => WebSocket;
}

/**
 * One console in the browser, kept alive across relay failures. Each connect asks the gateway for a
 * fresh one-time token (the Proxmox ticket behind it is single use and expires within seconds) and
 * opens the first relay URL in the gateway's order that has not just failed: after a drop the
 * replica that served the session is likely gone, so another one is tried first. Reconnects back off and stop after MAX_RECONNECT_ATTEMPTS;
 * closes that are decisions (idle timeout, ended by an admin, access revoked...) are shown, not retried.
 */
export class ConsoleConnection {
  /** Reconnect attempts since the console last worked; 0 on the first connect. */
  private attempt = 0;
  /** Relays whose socket dropped since the console last worked: tried only when no other is left. */
  private readonly failedRelays = new Set<string>();
  /** Bumped whenever the current link is abandoned, so late callbacks of an old one are ignored. */
  private generation = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingOpen: AbortController | undefined;
  private link: ConsoleLink | undefined;
  private socket: WebSocket | undefined;

  constructor(private readonly options: ConsoleConnectionOptions) {}

  start(): void {
    void this.connect();
  }

  /** Drops the current link, if any, and connects afresh with the full attempt budget. */
  reconnect(): void {
    if (this.stopped) return;
    this.abandon();
    this.attempt = 0;
    void this.connect();
  }

  /** Ends everything: the pending gateway call, the timer, the viewer and the socket. */
  stop(): void {
    this.stopped = true;
    this.abandon();
  }

  private abandon(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.pendingOpen?.abort();
    this.pendingOpen = undefined;
    this.link?.close();
    this.socket?.close();
    this.link = undefined;
    this.socket = undefined;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => !this.stopped && generation === this.generation;
    if (this.attempt === 0) this.options.onStatus({ state: 'connecting' });

    const pending = new AbortController();
    this.pendingOpen = pending;
    let opened: ConsoleOpened;
    try {
      opened = await this.options.open(pending.signal);
    } catch (error) {
      if (!current()) return;
      const apiError = toApiError(error);
      if (isTransientOpenError(apiError)) this.retry(apiError.detail);
      else this.fail(apiError.detail);
      return;
    }
    if (!current()) return;
    this.pendingOpen = undefined;
    const { sessionId, protocol, viewOnly, guest } = opened;
    this.options.onGrant?.({ sessionId, protocol, viewOnly, guest });

    const url = this.pickRelay(opened.relayUrls);
    const socket = (this.options.connectSocket ?? openRelaySocket)(url, opened.token);
    let failure: string | undefined;
    let link: ConsoleLink;
    try {
      link = this.options.attach(socket, opened, {
        connected: () => {
          if (!current()) return;
          this.attempt = 0;
          this.failedRelays.clear();
          this.options.onStatus({ state: 'connected' });
        },
        failed: (message) => {
          failure = message;
        },
      });
    } catch (error) {
      socket.close();
      this.fail(`The console viewer could not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.socket = socket;
    this.link = link;
    socket.addEventListener('close', (event) => {
      if (!current()) return;
      link.close();
      this.link = undefined;
      this.socket = undefined;
      if (failure) return this.fail(failure);
      const outcome = closeOutcome(event.code, event.reason);
      if (!outcome.reconnect) return this.fail(outcome.message);
      this.failedRelays.add(url);
      this.retry(outcome.message);
    });
  }

  /** The first relay in the gateway's order that has not just failed; when all have, start over. */
  private pickRelay(urls: readonly string[]): string {
    const untried = urls.find((url) => !this.failedRelays.has(url));
    if (untried) return untried;
    this.failedRelays.clear();
    return urls[0]!;
  }

  private retry(reason: string): void {
    if (this.attempt >= MAX_RECONNECT_ATTEMPTS) {
      this.fail(`${reason} Gave up after ${MAX_RECONNECT_ATTEMPTS} attempts to reconnect.`);
      return;
    }
    this.attempt++;
    this.options.onStatus({ state: 'reconnecting', attempt: this.attempt, maxAttempts: MAX_RECONNECT_ATTEMPTS, reason });
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (!this.stopped && generation === this.generation) void this.connect();
    }, reconnectDelayMs(this.attempt));
  }

  private fail(reason: string): void {
    this.options.onStatus({ state: 'disconnected', reason });
  }
}
