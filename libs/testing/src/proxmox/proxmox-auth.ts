import { timingSafeEqual } from 'node:crypto';
import { PveError, permissionError } from './pve-error.js';

/** What a token may do: the Administrator role, or PVEAuditor (VM.Audit, Sys.Audit, Datastore.Audit...). */
export type TokenPrivileges = 'full' | 'read-only';

/** An API token as the simulator knows it. */
export interface ApiToken {
  /** `user@realm!tokenname`. */
  tokenId: string;
  /** The token secret (a UUID in PVE). */
  secret: string;
  privileges: TokenPrivileges;
  /** Epoch seconds after which the token is expired; 0 = never (PVE's default). */
  expire: number;
}

/** The identity of an authenticated request: for tokens PVE uses the full token id as the user. */
export interface AuthContext {
  /** `user@realm!tokenname` (RPCEnvironment get_user for token requests). */
  user: string;
  privileges: TokenPrivileges;
}

// PVEAuditor's privileges (pve-access-control src/PVE/AccessControl.pm, role PVEAuditor).
const AUDITOR = new Set(['Datastore.Audit', 'Mapping.Audit', 'Pool.Audit', 'SDN.Audit', 'Sys.Audit', 'VM.Audit']);

// PVE::Auth::Plugin realm_regex / user_regex and AccessControl token_subid_regex (= realm_regex).
const REALM = '[A-Za-z][A-Za-z0-9.\\-_]+';
const TOKEN_ID_RE = new RegExp(`^(([^\\s:/]+)@(${REALM}))!(${REALM})$`);

/** Splits `user@realm!name` like PVE::AccessControl::split_tokenid; undefined when it does not match. */
export function splitTokenId(tokenId: string): { user: string; name: string } | undefined {
  const match = TOKEN_ID_RE.exec(tokenId);
  return match ? { user: match[1] as string, name: match[4] as string } : undefined;
}

/**
 * The tokens of one simulated cluster, and the authentication pveproxy performs:
 * pve-http-server AnyEvent.pm authenticate_and_handle_request + pve-manager HTTPServer auth_handler
 * + PVE::AccessControl::verify_token.
 */
export class TokenRegistry {
  private readonly tokens = new Map<string, ApiToken>();
  // Users outlive their tokens: a revoked token's requests fail with "no such token", not "no such user".
  private readonly users = new Set<string>();

  add(token: ApiToken): ApiToken {
    const parts = splitTokenId(token.tokenId);
    if (!parts) throw new Error(`'${token.tokenId}' is not a valid token ID`);
    this.users.add(parts.user);
    this.tokens.set(token.tokenId, token);
    return token;
  }

  /** Deletes a token (like `pveum user token remove`): its requests then fail with 401. */
  revoke(tokenId: string): boolean {
    return this.tokens.delete(tokenId);
  }

  get(tokenId: string): ApiToken | undefined {
    return this.tokens.get(tokenId);
  }

  /**
   * Authenticates a request from its Authorization and Cookie headers, or throws the 401 PVE
   * sends (reason in the status line: "No ticket", "invalid token value!", ...).
   */
  authenticate(authorization: string | undefined, cookie: string | undefined, now = Date.now()): AuthContext {
    // A ticket (cookie first, then "PVEAuthCookie=" in Authorization) wins over a token. The
    // simulator issues no tickets, so any ticket fails like a forged one does in verify_ticket.
    const ticket = extractAuthValue(cookie, 'PVEAuthCookie') ?? extractAuthValue(authorization, 'PVEAuthCookie');
    if (ticket) throw unauthorized('authentication failure');
    const apiToken = extractAuthValue(authorization, 'PVEAPIToken');
    if (!apiToken) throw unauthorized('No ticket');
    return this.verifyToken(apiToken, now);
  }

  // PVE::AccessControl::verify_token, message for message.
  private verifyToken(apiToken: string, now: number): AuthContext {
    const match = /^(.*)=(.*)$/s.exec(apiToken); // greedy: the secret is after the last '='
    if (!match) throw unauthorized('no tokenid specified');
    const [, tokenId = '', secret = ''] = match;
    const parts = splitTokenId(tokenId);
    if (!parts) throw unauthorized(`'${tokenId}' is not a valid token ID - not able to split into user and token parts`);
    if (!this.users.has(parts.user)) throw unauthorized(`no such user ('${parts.user}')`);
    const token = this.tokens.get(tokenId);
    if (!token) throw unauthorized(`no such token '${parts.name}' for user '${parts.user}'`);
    if (token.expire && token.expire < now / 1000) throw unauthorized('token expired');
    const expected = Buffer.from(token.secret);
    const given = Buffer.from(secret);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthorized('invalid token value!');
    return { user: tokenId, privileges: token.privileges };
  }
}

/**
 * PVE::APIServer::Formatter::extract_auth_value: `KEY=value` or `KEY value`, value up to the next
 * ';', URI-unescaped. So `PVEAPIToken=root@pam!ci=SECRET` and `PVEAPIToken root@pam!ci=SECRET`
 * both work; the id/secret separator is always '=' (PBS uses ':', PVE does not).
 */
export function extractAuthValue(header: string | undefined, key: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`(?:^|\\s)${key}(?:=| )([^;]*)`).exec(header);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function unauthorized(reason: string): PveError {
  // Raised in the auth phase, before any formatter: the JSON formatter has no login formatter,
  // so pveproxy answers HTTP::Response->new(401, $err) - reason only, no body.
  return new PveError(401, reason, undefined, 'none');
}

/** Throws PVE's 403 unless `auth` holds `privilege` on `path` (the simulator has no path-specific ACLs). */
export function requirePrivilege(auth: AuthContext, path: string, privilege: string): void {
  if (!hasPrivilege(auth, privilege)) throw permissionError(path, privilege);
}

export function hasPrivilege(auth: AuthContext, privilege: string): boolean {
  return auth.privileges === 'full' || AUDITOR.has(privilege);
}
