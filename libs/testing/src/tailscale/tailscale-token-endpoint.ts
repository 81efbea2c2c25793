import type { IncomingHttpHeaders } from 'node:http';
import type { SimAnswer } from './tailscale-routes.js';
import type { SimTailnet } from './tailscale-tailnet.js';

const INVALID_CREDENTIALS: SimAnswer = { status: 401, body: { message: 'API token invalid' } };

/**
 * `POST /api/v2/oauth/token`: the client credentials grant (RFC 6749 §4.4). The client authenticates
 * with `client_id` and `client_secret` in the form body or with HTTP Basic (§2.3.1); `scope` is
 * optional (none: every scope of the client). The answer is Tailscale's: an hour-long `tskey-api-…`
 * token, its space-separated scopes and the client's tags. A scope the client may not grant is a
 * 403 naming it, as Tailscale answers.
 */
export function tokenEndpoint(method: string, headers: IncomingHttpHeaders, body: string, tailnet: SimTailnet): SimAnswer & { scope: string | null } {
  const form = new URLSearchParams(body);
  const scope = form.get('scope');
  if (method !== 'POST') return { status: 404, body: { message: 'not found' }, scope };
  const grantType = form.get('grant_type');
  if (grantType !== null && grantType !== 'client_credentials') return { status: 400, body: { message: `unsupported grant_type "${grantType}"` }, scope };
  const basic = /^basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret') ?? '';
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1] ?? '', 'base64').toString('utf8').split(':');
    clientId = decodeURIComponent(id);
    clientSecret = decodeURIComponent(secret);
  }
  const issued = tailnet.credentials.issueAccessToken(clientId, clientSecret, scope);
  if ('error' in issued) {
    if (issued.error === 'credentials') return { ...INVALID_CREDENTIALS, scope };
    return { status: 403, body: { message: `OAuth client cannot grant scopes "${issued.ungranted.join(' ')}"` }, scope };
  }
  return {
    status: 200,
    body: {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.scopes.join(' '),
      ...(issued.tags.length > 0 ? { tags: issued.tags.join(' ') } : {}),
    },
    scope,
  };
}

export { INVALID_CREDENTIALS };
