import type { Dispatcher } from 'undici';
import { CreateAuthKeyBody, NexusError, TAILSCALE_API_URL, type AuthKeyView, type TailnetCredentials, type TailnetDevice } from '@pve-nexus/contracts';
import { ControlHttp } from './http/control-http.js';
import { Deadline } from './http/deadline.js';
import { redact } from './http/redact.util.js';
import { retryPolicy, type RetryOptions } from './http/retry-policy.js';
import { timeoutError, type UpstreamContext } from './http/upstream-error.js';
import { HeadscaleBackend } from './headscale/headscale.backend.js';
import { InMemoryOAuthTokenCache, type OAuthTokenCache } from './tailscale/oauth-token-cache.js';
import { OAuthTokenSource } from './tailscale/oauth-token.source.js';
import { TailscaleBackend } from './tailscale/tailscale.backend.js';
import type { AuthKeyRequest, CreatedAuthKey, TailnetBackend, TailnetInfo } from './tailnet-backend.js';

/** Options of a {@link TailnetClient}. */
export interface TailnetClientOptions {
  /** The tenant's credentials (the parsed output of `TailnetCredentialsBody`). */
  credentials: TailnetCredentials;
  /** Tailscale's API origin, used only for control `tailscale` (tests point it at the simulator). Default {@link TAILSCALE_API_URL}. */
  tailscaleApiUrl?: string;
  /** The budget of one method call, retries and token requests included. Default 10_000 ms. */
  timeoutMs?: number;
  /**
   * Where OAuth access tokens are kept between calls and clients. Default: a cache of this client
   * alone, so pass a shared one (discovery's Redis cache) whenever clients are short-lived.
   */
  tokenCache?: OAuthTokenCache;
  /** The undici dispatcher every request goes through (egress policy, proxy, connection limits). Default undici's global one. */
  dispatcher?: Dispatcher;
  /** Retries of 5xx answers, network failures and short rate limits (see {@link RetryOptions} for the defaults). */
  retry?: RetryOptions;
  /** The clock of token expiry and key validity, in epoch ms. Default `Date.now` (tests move it). */
  now?: () => number;
}

/** The default budget of one call. */
export const DEFAULT_TAILNET_TIMEOUT_MS = 10_000;

/**
 * A tenant's tailnet control server, Tailscale (API v2, with an API access token or an OAuth
 * client) or headscale, behind one set of operations and the one {@link TailnetDevice} shape.
 * Every failure is a {@link NexusError}: UPSTREAM_AUTH (credentials refused or lacking a scope),
 * RATE_LIMITED (with `retryAfterSeconds` when the server said), TIMEOUT, UPSTREAM_UNREACHABLE
 * (no answer, or an answer of an unexpected shape), NOT_FOUND, VALIDATION (a refused key request).
 * No message ever contains a token, client secret or auth key.
 */
export class TailnetClient {
  private readonly backend: TailnetBackend;
  private readonly context: UpstreamContext;
  private readonly timeoutMs: number;

  constructor(options: TailnetClientOptions) {
    const { credentials } = options;
    const now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TAILNET_TIMEOUT_MS;
    const secrets = credentials.method === 'oauth' ? [credentials.clientSecret] : [credentials.apiToken];
    this.context = { control: credentials.control === 'tailscale' ? 'Tailscale' : 'headscale', secrets };
    const http = new ControlHttp({ context: this.context, retry: retryPolicy(options.retry), ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
    if (credentials.control === 'headscale') {
      this.backend = new HeadscaleBackend(credentials, http, now);
      return;
    }
    const apiUrl = options.tailscaleApiUrl ?? TAILSCALE_API_URL;
    const tokens =
      credentials.method === 'oauth'
        ? new OAuthTokenSource(http, new URL('/api/v2/oauth/token', apiUrl), credentials, options.tokenCache ?? new InMemoryOAuthTokenCache(), now)
        : null;
    this.backend = new TailscaleBackend(credentials, apiUrl, http, tokens, now);
  }

  /** The tailnet's name (Tailscale: its MagicDNS domain; headscale: the configured base domain) and how many devices it has. */
  tailnetInfo(): Promise<TailnetInfo> {
    return this.run((deadline) => this.backend.tailnetInfo(deadline));
  }

  /** Every device of the tailnet. */
  listDevices(): Promise<TailnetDevice[]> {
    return this.run((deadline) => this.backend.listDevices(deadline));
  }

  /**
   * Mints an auth key (Tailscale) or pre-auth key (headscale, for the credentials' user). The key is
   * in the answer only: store nothing of it but what `view` holds.
   */
  createAuthKey(body: AuthKeyRequest): Promise<CreatedAuthKey> {
    return this.run((deadline) => {
      const parsed = CreateAuthKeyBody.safeParse(body);
      if (!parsed.success) throw NexusError.fromZod(parsed.error, 'auth key request');
      return this.backend.createAuthKey(parsed.data, deadline);
    });
  }

  /** The auth keys the credentials can see, as views: never a key itself. */
  listAuthKeys(): Promise<AuthKeyView[]> {
    return this.run((deadline) => this.backend.listAuthKeys(deadline));
  }

  /** Revokes an auth key (Tailscale: deletes it; headscale: expires it). NOT_FOUND for an unknown id. */
  revokeAuthKey(id: string): Promise<void> {
    return this.run((deadline) => this.backend.revokeAuthKey(id, deadline));
  }

  /** Runs one call within its time budget; whatever escapes becomes a NexusError without secrets. */
  private async run<T>(call: (deadline: Deadline) => Promise<T>): Promise<T> {
    const deadline = new Deadline(this.timeoutMs);
    try {
      return await call(deadline);
    } catch (error) {
      if (error instanceof NexusError) throw error;
      if (deadline.expired) throw timeoutError(this.context, this.timeoutMs);
      throw new NexusError('INTERNAL', `tailnet client: ${redact(error instanceof Error ? error.message : String(error), this.context.secrets)}`);
    }
  }
}
