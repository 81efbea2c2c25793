import type { MembershipView, UserView } from '@pve-nexus/contracts';
import { API_BASE, sendRequest, type Send } from '../api/api-client';
import { ApiError, toApiError } from '../api/api-error';
import { authApi, createNexusApi, type NexusApi } from '../api/nexus-api';
import { refreshDelayMs, retryDelayMs } from './session-timing.util';

/** What the console knows about the session; the access token itself is never part of it. */
export type SessionSnapshot =
  | { status: 'loading' }
  /** `ended`: the session expired or was revoked; `signed-out`: the user signed out; `none`: never signed in. */
  | { status: 'signed-out'; reason: 'none' | 'ended' | 'signed-out' }
  /** The first refresh could not reach the server; retried by itself. */
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; user: UserView; memberships: MembershipView[] };

type Broadcast = { type: 'signed-in'; userId: string } | { type: 'signed-out' };

const LOCK_NAME = 'pve-nexus.session-refresh';
const CHANNEL_NAME = 'pve-nexus.session';
/** A token this close to its expiry is renewed before use rather than sent and refused. */
const EXPIRY_MARGIN_MS = 5_000;

/**
 * The browser side of a session. The access token lives in this object's memory only (never in
 * storage a script could read later); the refresh token is the gateway's httpOnly cookie.
 *
 * Refreshes are deduplicated within the tab and serialised across tabs with a Web Lock: the gateway
 * rotates the refresh token on every use and treats a replayed one as theft (it revokes the session),
 * so two requests must never present the same cookie. For the same reason a refresh is never aborted:
 * an answer dropped after the server rotated would leave the browser holding a dead token.
 */
export class SessionManager {
  /** Every route that needs the user's token, each call renewing the token once on a 401. */
  readonly api: NexusApi;

  private snapshot: SessionSnapshot = { status: 'loading' };
  private readonly listeners = new Set<() => void>();
  private accessToken: string | undefined;
  private expiresAt = 0;
  /** When the scheduled renewal is due (epoch ms). */
  private refreshAt = 0;
  private refreshing: Promise<string> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failedAttempts = 0;
  private channel: BroadcastChannel | undefined;
  private started = false;

  constructor() {
    this.api = createNexusApi(this.send);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Resumes the session from the refresh cookie, if there is one. Safe to call again. */
  start(): void {
    if (this.started) return;
    this.started = true;
    document.addEventListener('visibilitychange', this.onVisible);
    window.addEventListener('online', this.onVisible);
    if ('BroadcastChannel' in window) {
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.onmessage = (event: MessageEvent<Broadcast>) => this.onBroadcast(event.data);
    }
    if (this.snapshot.status === 'loading' || this.snapshot.status === 'unreachable') this.refresh().catch(() => undefined);
    else this.schedule();
  }

  /** Stops timers and listeners; an in-flight refresh still completes (see the class comment). */
  stop(): void {
    this.started = false;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
    window.removeEventListener('online', this.onVisible);
    this.channel?.close();
    this.channel = undefined;
  }

  /** Signs in with e-mail and password; throws ApiError (401 wrong credentials, 429 locked out). */
  async signIn(email: string, password: string): Promise<UserView> {
    const session = await authApi.login(email, password);
    this.accept(session);
    this.post({ type: 'signed-in', userId: session.user.id });
    return session.user;
  }

  /** Ends the session on the server (clearing the cookie) and here, in every tab. */
  async signOut(): Promise<void> {
    try {
      if (this.snapshot.status === 'signed-in') await this.api.logout();
    } catch {
      // Signed out in this browser regardless. If the server could not be told (network down), its
      // session lives on until it expires, and the cookie could resume it: rare, and shown as signed out.
    }
    this.end('signed-out');
    this.post({ type: 'signed-out' });
  }

  /** Reloads the user and their tenants (after a password change or a change of one's own roles). */
  async reloadUser(): Promise<void> {
    const me = await this.api.me();
    if (me.type === 'user') this.set({ status: 'signed-in', user: me.user, memberships: me.memberships });
  }

  /** Tries the first refresh again right away (the "Retry" of the unreachable screen). */
  retry(): void {
    this.failedAttempts = 0;
    this.refresh().catch(() => undefined);
  }

  /**
   * Opens a long-lived GET below `/api/v1` with the bearer token (Server-Sent Events): EventSource
   * cannot set an Authorization header and the gateway accepts only that, so the caller reads the
   * body itself. Renews the token once on 401, like {@link send}.
   */
  async openStream(path: string, signal: AbortSignal): Promise<Response> {
    const open = (token: string) =>
      fetch(`${API_BASE}${path}`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, cache: 'no-store', credentials: 'same-origin', signal });
    const first = await open(await this.validToken());
    if (first.status !== 401) return first;
    await first.body?.cancel().catch(() => undefined);
    return open(await this.refresh());
  }

  private readonly send: Send = async (request) => {
    const token = await this.validToken();
    try {
      return await sendRequest(request, token);
    } catch (error) {
      // The token may have died early (session revoked, secret rotated): renew once and retry.
      if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
      return sendRequest(request, await this.refresh());
    }
  };

  private async validToken(): Promise<string> {
    if (this.snapshot.status !== 'signed-in') throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first.');
    if (this.accessToken && Date.now() < this.expiresAt - EXPIRY_MARGIN_MS) return this.accessToken;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<string> {
    try {
      const session = await withLock(() => authApi.refresh());
      this.accept(session);
      return session.accessToken;
    } catch (error) {
      const problem = toApiError(error);
      if (problem.code === 'UNAUTHENTICATED') {
        this.end(this.snapshot.status === 'signed-in' ? 'ended' : 'none');
      } else {
        if (this.snapshot.status === 'loading' || this.snapshot.status === 'unreachable') {
          this.set({ status: 'unreachable', message: problem.detail });
        }
        this.retryLater();
      }
      throw problem;
    }
  }

  private accept(session: { accessToken: string; expiresIn: number; user: UserView; memberships: MembershipView[] }): void {
    this.accessToken = session.accessToken;
    this.expiresAt = Date.now() + session.expiresIn * 1000;
    this.failedAttempts = 0;
    this.refreshAt = Date.now() + refreshDelayMs(session.expiresIn);
    this.set({ status: 'signed-in', user: session.user, memberships: session.memberships });
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.started || this.snapshot.status !== 'signed-in') return;
    this.timer = setTimeout(() => this.refresh().catch(() => undefined), Math.max(0, this.refreshAt - Date.now()));
  }

  private retryLater(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh().catch(() => undefined), retryDelayMs(this.failedAttempts++));
  }

  private end(reason: 'none' | 'ended' | 'signed-out'): void {
    clearTimeout(this.timer);
    this.accessToken = undefined;
    this.expiresAt = 0;
    this.refreshAt = 0;
    this.set({ status: 'signed-out', reason });
  }

  private set(snapshot: SessionSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }

  private post(message: Broadcast): void {
    this.channel?.postMessage(message);
  }

  private onBroadcast(message: Broadcast): void {
    if (message.type === 'signed-out') {
      if (this.snapshot.status === 'signed-in') this.end('signed-out');
      return;
    }
    // Another tab signed in (perhaps as someone else, replacing the shared cookie): follow it.
    const current = this.snapshot.status === 'signed-in' ? this.snapshot.user.id : undefined;
    if (current !== message.userId) this.refresh().catch(() => undefined);
  }

  // Timers are throttled in background tabs and stop during sleep: catch up when the tab is back.
  private readonly onVisible = (): void => {
    if (document.visibilityState !== 'visible' || this.snapshot.status !== 'signed-in') return;
    if (Date.now() >= this.refreshAt) this.refresh().catch(() => undefined);
  };
}

/** Runs `task` holding the cross-tab refresh lock where Web Locks exist (all current browsers). */
function withLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return task();
  return navigator.locks.request(LOCK_NAME, task) as Promise<T>;
}
