import { errors as undiciErrors } from 'undici';
import { isIP } from 'node:net';
import type { z } from 'zod';
import type { EffectiveEndpoint, ServerConnection } from '@pve-nexus/contracts';
import { DialError, effectiveEndpoint } from '@pve-nexus/reachability';
import { ProxmoxError } from './proxmox.error.js';
import type { ProxmoxAgents } from './proxmox-agents.js';
import { Envelope } from './proxmox.schemas.js';
import type { TlsPolicy } from './tls-trust.js';

export interface ClientOptions {
  /**
   * Trust on first use: the connection test of a server none of whose certificates is accepted yet.
   * Only then may the token go to an endpoint whose identity is not established, and only because
   * inventory keeps a stored token bound to the address it was entered for (moving a server requires
   * entering its token again), so it reaches no endpoint its owner did not type beside it.
   */
  firstUse?: boolean;
}

export interface EndpointProbe {
  /** The certificate the endpoint presented (null if no TLS connection was made). */
  presentedFingerprint: string | null;
  /** It answered an unauthenticated request the way a Proxmox VE API does. */
  looksLikeProxmox: boolean;
}

export interface CallOptions {
  /** Whole-request budget; default the server's connect timeout plus 10 s. */
  timeoutMs?: number;
}

/**
 * Calls one Proxmox VE server's API with its API token, at its effective endpoint, through the shared
 * pools. Answers are validated; every failure becomes a {@link ProxmoxError} with a precise reason.
 */
export class ProxmoxClient {
  readonly endpoint: EffectiveEndpoint;
  private readonly pool: ReturnType<ProxmoxAgents['get']>;

  constructor(
    private readonly connection: ServerConnection,
    agents: ProxmoxAgents,
    readonly policy: TlsPolicy = defaultPolicy(connection),
    private readonly options: ClientOptions = {},
  ) {
    this.endpoint = effectiveEndpoint(connection);
    const servername = isIP(this.endpoint.host) ? undefined : this.endpoint.host;
    this.pool = agents.get({ endpoint: this.endpoint, policy, connectTimeoutMs: connection.connectTimeoutMs, ...(servername ? { servername } : {}), ...(connection.egress ? { egress: connection.egress } : {}) });
  }

  /** The fingerprint of the certificate the server presented on the last new connection. */
  get presentedFingerprint(): string | null {
    return this.pool.lastFingerprint();
  }

  /**
   * An unauthenticated probe of the endpoint: its TLS identity (the certificate it presents) and
   * whether it answers like a Proxmox VE API without credentials (`401 No ticket`, or its
   * `pve-api-daemon` server header). No credential is attached, whatever the trust policy.
   */
  async probeEndpoint(options: CallOptions = {}): Promise<EndpointProbe> {
    const timeoutMs = options.timeoutMs ?? this.connection.connectTimeoutMs + 10_000;
    let response;
    try {
      response = await this.pool.agent.request({
        origin: this.origin(),
        path: '/api2/json/version',
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
    await response.body.dump().catch(() => undefined);
    const server = String(response.headers.server ?? '');
    const looksLikeProxmox = /^pve-api-daemon\//i.test(server) || (response.statusCode === 401 && /^no ticket$/i.test(response.statusText));
    return { presentedFingerprint: this.presentedFingerprint, looksLikeProxmox };
  }

  get<S extends z.ZodType>(path: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    return this.call('GET', path, schema, undefined, options);
  }

  post<S extends z.ZodType>(path: string, body: Record<string, string | number>, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    return this.call('POST', path, schema, body, options);
  }

  private async call<S extends z.ZodType>(method: string, path: string, schema: S, body: Record<string, string | number> | undefined, options: CallOptions): Promise<z.output<S>> {
    // request(), not fetch(): fetch refuses the Fetch standard's "bad ports" (6000, 6665...), which a
    // Proxmox server may well use, and request() still gives the status text PVE puts its errors in.
    const timeoutMs = options.timeoutMs ?? this.connection.connectTimeoutMs + 10_000;
    if (!sendsToken(this.policy, this.options)) {
      throw new ProxmoxError('tls-pin-mismatch', 'TLS: no certificate is accepted yet: test the connection and accept its fingerprints');
    }
    let response;
    try {
      response = await this.pool.agent.request({
        origin: this.origin(),
        path: `/api2/json${path}`,
        method: method as 'GET' | 'POST',
        headers: {
          authorization: `PVEAPIToken=${this.connection.apiToken}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body: new URLSearchParams(Object.entries(body).map(([key, value]) => [key, String(value)])).toString() } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
    const text = await response.body.text().catch(() => '');
    const status = response.statusCode;
    if (status === 401) throw new ProxmoxError('unauthorized', `API token refused (401 ${response.statusText})`, this.presentedFingerprint, 401);
    if (status === 403) throw new ProxmoxError('forbidden', `API token lacks a permission (403 ${response.statusText})`, this.presentedFingerprint, 403);
    if (status >= 400) throw new ProxmoxError('http-error', `${method} ${path}: HTTP ${status} ${response.statusText}`, this.presentedFingerprint, status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProxmoxError('protocol', `${method} ${path}: the answer is not JSON`, this.presentedFingerprint);
    }
    const parsed = Envelope(schema).safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new ProxmoxError('protocol', `${method} ${path}: unexpected answer (${where}: ${parsed.error.issues[0]?.message})`, this.presentedFingerprint);
    }
    return (parsed.data as { data: z.output<S> }).data;
  }

  private origin(): string {
    const host = this.endpoint.host.includes(':') ? `[${this.endpoint.host}]` : this.endpoint.host;
    return `https://${host}:${this.endpoint.port}`;
  }

  private classify(error: unknown, timeoutMs: number): ProxmoxError {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof ProxmoxError) return cause;
    if (cause instanceof DialError) return new ProxmoxError(cause.reason, cause.message);
    const name = (cause as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError' || cause instanceof undiciErrors.HeadersTimeoutError || cause instanceof undiciErrors.BodyTimeoutError || cause instanceof undiciErrors.ConnectTimeoutError) {
      return new ProxmoxError('timeout', `no answer from ${this.endpoint.host}:${this.endpoint.port} within ${timeoutMs} ms`, this.presentedFingerprint);
    }
    return new ProxmoxError('unreachable', `${this.endpoint.host}:${this.endpoint.port}: ${(cause as Error).message}`, this.presentedFingerprint);
  }
}

/**
 * The one rule of where a token may go: to an endpoint whose certificate is CA-verified or matches an
 * accepted fingerprint (the TLS layer enforces which), never to one merely reachable, save first use.
 */
function sendsToken(policy: TlsPolicy, options: ClientOptions): boolean {
  switch (policy.mode) {
    case 'ca':
      return true;
    case 'pinned':
      return policy.fingerprints.length > 0;
    case 'probe':
      return (policy.refuseOtherThan?.length ?? 0) > 0 || options.firstUse === true;
  }
}

/** Normal operation: CA verification, or the accepted fingerprints (nothing accepted: refused). */
export function defaultPolicy(connection: ServerConnection): TlsPolicy {
  return connection.tlsTrust === 'ca' ? { mode: 'ca' } : { mode: 'pinned', fingerprints: connection.pins.map((pin) => pin.fingerprint) };
}
