import type { TailnetCredentials, TailnetCredentialsView } from '@pve-nexus/contracts';
import { TAILSCALE_API_URL } from '@pve-nexus/contracts';
import type { TailnetSettingsRow, TailnetSettingsValues } from './tailnet-settings.repository.js';

/** The secret of a set of credentials: the API token or the OAuth client secret. */
export function secretOf(credentials: TailnetCredentials): string {
  return credentials.method === 'oauth' ? credentials.clientSecret : credentials.apiToken;
}

/** The stored columns of credentials (everything but the secret, which is sealed apart). */
export function toSettingsValues(credentials: TailnetCredentials, updatedBy: string): TailnetSettingsValues {
  const secret = secretOf(credentials);
  return {
    control: credentials.control,
    method: credentials.method,
    tailnet: credentials.control === 'tailscale' ? credentials.tailnet : null,
    url: credentials.control === 'headscale' ? credentials.url : null,
    magicDnsSuffix: credentials.control === 'headscale' ? credentials.magicDnsSuffix : null,
    user: credentials.control === 'headscale' ? credentials.user : null,
    clientId: credentials.method === 'oauth' ? credentials.clientId : null,
    secretHint: secretHint(secret),
    updatedBy,
  };
}

export function toSettingsView(row: TailnetSettingsRow): TailnetCredentialsView {
  return {
    control: row.control,
    method: row.method === 'oauth' ? 'oauth' : 'api_token',
    tailnet: row.tailnet,
    url: row.url ?? TAILSCALE_API_URL,
    magicDnsSuffix: row.magicDnsSuffix,
    user: row.user,
    clientId: row.clientId,
    secretHint: row.secretHint,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The stored credentials again, with their opened secret. */
export function toCredentials(row: TailnetSettingsRow, secret: string): TailnetCredentials {
  if (row.control === 'headscale') {
    return { control: 'headscale', method: 'api_token', url: row.url!, apiToken: secret, magicDnsSuffix: row.magicDnsSuffix!, user: row.user! };
  }
  if (row.method === 'oauth') return { control: 'tailscale', method: 'oauth', tailnet: row.tailnet ?? '-', clientId: row.clientId!, clientSecret: secret };
  return { control: 'tailscale', method: 'api_token', tailnet: row.tailnet ?? '-', apiToken: secret };
}

/**
 * The public part of a key, to tell two apart: Tailscale's `tskey-api-<key id>-<secret>` and
 * headscale's `hskey-api-<prefix>-<secret>` carry an identifier the control server itself lists.
 * No character of the secret part is kept.
 */
export function secretHint(secret: string): string {
  const match = /^((?:tskey-(?:api|client)|hskey-api)-[A-Za-z0-9]{1,40})-/.exec(secret);
  return match ? `${match[1]}-…` : '…';
}
