/** An OAuth access token of a Tailscale OAuth client. */
export interface OAuthAccessToken {
  /** The bearer token (`tskey-api-…`): a secret. */
  accessToken: string;
  /** When it stops working, in epoch milliseconds. */
  expiresAt: number;
}

/**
 * Where a {@link TailnetClient} keeps the access tokens its OAuth client obtained, one per scope it
 * asked for, so that many clients of the same credentials (processes, replicas) share them instead of
 * each fetching its own. Discovery supplies a Redis one keyed per tenant and credentials version.
 */
export interface OAuthTokenCache {
  /** The token last stored for `scope`, or null. Expired tokens may be returned: the client checks. */
  get(scope: string): Promise<OAuthAccessToken | null>;
  set(scope: string, token: OAuthAccessToken): Promise<void>;
}

/** An {@link OAuthTokenCache} in this process's memory. */
export class InMemoryOAuthTokenCache implements OAuthTokenCache {
  private readonly tokens = new Map<string, OAuthAccessToken>();

  async get(scope: string): Promise<OAuthAccessToken | null> {
    return this.tokens.get(scope) ?? null;
  }

  async set(scope: string, token: OAuthAccessToken): Promise<void> {
    this.tokens.set(scope, { ...token });
  }
}
