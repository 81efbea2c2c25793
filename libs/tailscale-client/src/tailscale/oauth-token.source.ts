import { NexusError } from '@pve-nexus/contracts';
import { readAnswer } from '../http/answer.js';
import type { ControlHttp } from '../http/control-http.js';
import type { Deadline } from '../http/deadline.js';
import { upstreamMessage, type Operation } from '../http/upstream-error.js';
import type { OAuthTokenCache } from './oauth-token-cache.js';
import { OAuthTokenAnswer } from './tailscale.schemas.js';

/** A token is renewed this long before it expires, so no request carries one about to lapse. */
export const TOKEN_RENEWAL_MARGIN_MS = 5 * 60_000;

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Access tokens of one Tailscale OAuth client (client credentials grant, RFC 6749 §4.4), one per
 * scope: each operation asks only for the scope it needs, so a client granted `devices:core:read`
 * alone can list devices even though it may not mint keys. Tokens come from the cache while they
 * have more than five minutes left; concurrent callers share one token request.
 */
export class OAuthTokenSource {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly http: ControlHttp,
    private readonly tokenUrl: URL,
    private readonly client: OAuthClientCredentials,
    private readonly cache: OAuthTokenCache,
    private readonly now: () => number,
  ) {}

  /**
   * A token for `scope`. `rejected` is a token the API just refused (401): a different cached one is
   * used if another caller already renewed it, otherwise a new one is requested.
   */
  async token(scope: string, deadline: Deadline, rejected?: string): Promise<string> {
    const cached = await this.cache.get(scope);
    if (cached && cached.accessToken !== rejected && cached.expiresAt - this.now() > TOKEN_RENEWAL_MARGIN_MS) return cached.accessToken;
    let pending = this.inFlight.get(scope);
    if (!pending) {
      pending = this.fetch(scope, deadline).finally(() => this.inFlight.delete(scope));
      this.inFlight.set(scope, pending);
    }
    return pending;
  }

  private async fetch(scope: string, deadline: Deadline): Promise<string> {
    const operation: Operation = { what: `issue an OAuth access token for the scope ${scope}` };
    const answer = await this.http.send(
      {
        method: 'POST',
        url: this.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.client.clientId, client_secret: this.client.clientSecret, scope }).toString(),
        // A second token request only issues a second token.
        idempotent: true,
        operation,
      },
      deadline,
    );
    if (answer.status === 401 || answer.status === 400) {
      throw new NexusError('UPSTREAM_AUTH', `the control server refused the credentials: Tailscale did not accept the OAuth client id and secret${suffix(upstreamMessage(answer.text, this.http.context.secrets))}`);
    }
    if (answer.status === 403) {
      throw new NexusError('UPSTREAM_AUTH', `the OAuth client may not grant the scope ${scope}: add it to the client in Tailscale's admin console${suffix(upstreamMessage(answer.text, this.http.context.secrets))}`);
    }
    const token = readAnswer(answer, OAuthTokenAnswer, this.http.context, operation);
    const issued = { accessToken: token.access_token, expiresAt: this.now() + token.expires_in * 1000 };
    await this.cache.set(scope, issued);
    return issued.accessToken;
  }
}

const suffix = (message: string) => (message ? ` ("${message}")` : '');
