import { controlId, randomAlphanumeric, tailscaleSecret } from './tailscale-ids.util.js';
import { parseScopes, scopeGranted } from './tailscale-scopes.js';

/** How a request presented its credential: `Authorization: Bearer`, Basic with the key as user name, or not at all. */
export type AuthKind = 'bearer' | 'basic' | 'none';

/** What the presented credential turned out to be. */
export type CredentialKind = 'api-token' | 'access-token' | 'client-secret' | 'unknown' | 'none';

/** Who a request acts as: a user (through an API access token) or an OAuth client (through an access token it was issued). */
export type Actor =
  | { type: 'user'; userId: string; scopes: readonly string[] }
  | { type: 'oauth'; clientId: string; scopes: readonly string[]; tags: readonly string[] };

/** An OAuth client: its secret and the scopes and tags it may grant. */
export interface SimOAuthClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  tags: string[];
}

interface AccessToken {
  clientId: string;
  scopes: string[];
  tags: string[];
  expiresAt: number;
}

/** The outcome of reading a request's credential. */
export type Authentication = { actor: Actor; kind: AuthKind; credential: CredentialKind } | { actor: null; kind: AuthKind; credential: CredentialKind };

/** The tailnet's credentials: users' API access tokens, OAuth clients and the access tokens they were issued. */
export class SimCredentials {
  readonly userId = controlId('u');
  private readonly apiTokens = new Map<string, { expiresAt: number }>();
  private readonly clients = new Map<string, SimOAuthClient>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(public accessTokenTtlSeconds: number) {}

  createApiToken(expiresInSeconds = 90 * 86_400): string {
    const token = tailscaleSecret('api', controlId('k'));
    this.apiTokens.set(token, { expiresAt: Date.now() + expiresInSeconds * 1000 });
    return token;
  }

  revokeApiToken(token: string): void {
    this.apiTokens.delete(token);
  }

  createOAuthClient(scopes: string[], tags: string[]): SimOAuthClient {
    const clientId = `k${randomAlphanumeric(10)}CNTRL`;
    const client = { clientId, clientSecret: tailscaleSecret('client', clientId), scopes: [...scopes], tags: [...tags] };
    this.clients.set(clientId, client);
    return { ...client };
  }

  /** Every access token issued so far stops working (as if they had expired). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Reads `Authorization`: Bearer, or Basic with the credential as user name and an empty password. */
  authenticate(header: string | undefined): Authentication {
    const [scheme, value = ''] = (header ?? '').trim().split(/\s+/, 2);
    let kind: AuthKind = 'none';
    let presented = '';
    if (/^bearer$/i.test(scheme ?? '')) {
      kind = 'bearer';
      presented = value;
    } else if (/^basic$/i.test(scheme ?? '')) {
      kind = 'basic';
      presented = Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
    }
    if (!presented) return { actor: null, kind, credential: 'none' };
    const apiToken = this.apiTokens.get(presented);
    if (apiToken && apiToken.expiresAt > Date.now()) return { actor: { type: 'user', userId: this.userId, scopes: ['all'] }, kind, credential: 'api-token' };
    const access = this.accessTokens.get(presented);
    if (access && access.expiresAt > Date.now()) {
      return { actor: { type: 'oauth', clientId: access.clientId, scopes: access.scopes, tags: access.tags }, kind, credential: 'access-token' };
    }
    const isSecret = [...this.clients.values()].some((client) => client.clientSecret === presented);
    return { actor: null, kind, credential: isSecret ? 'client-secret' : 'unknown' };
  }

  /**
   * The token endpoint's decision for a client and the scopes it asked for (none: all of its own).
   * `ungranted` lists what it may not grant.
   */
  issueAccessToken(clientId: string, clientSecret: string, requested: string | null): { error: 'credentials' } | { error: 'scopes'; ungranted: string[] } | { token: string; scopes: string[]; tags: string[]; expiresIn: number } {
    const client = this.clients.get(clientId);
    if (!client || client.clientSecret !== clientSecret) return { error: 'credentials' };
    const asked = parseScopes(requested);
    const ungranted = asked.filter((scope) => !scopeGranted(client.scopes, scope));
    if (ungranted.length > 0) return { error: 'scopes', ungranted };
    const scopes = asked.length > 0 ? asked : [...client.scopes];
    const token = tailscaleSecret('api', controlId('k'));
    this.accessTokens.set(token, { clientId, scopes, tags: client.tags, expiresAt: Date.now() + this.accessTokenTtlSeconds * 1000 });
    return { token, scopes, tags: client.tags, expiresIn: this.accessTokenTtlSeconds };
  }
}
