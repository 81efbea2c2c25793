// The tailnet credentials form: its values, checked in the browser with the contract schema the API
// validates with (TailnetCredentialsBody), and a message per field that says how to fix it.
import { TailnetCredentialsBody, type TailnetCredentialsView } from '@pve-nexus/contracts';
import type { z } from 'zod';

export type ControlServer = 'tailscale' | 'headscale';
export type TailscaleMethod = 'api_token' | 'oauth';

/** What the inputs hold. Secrets start empty: the stored ones are never shown, a save replaces them. */
export interface CredentialsFormValues {
  control: ControlServer;
  /** Tailscale only: API access token or OAuth client. */
  method: TailscaleMethod;
  /** Tailscale's tailnet; `-` is the token's own. */
  tailnet: string;
  /** Tailscale's API access token, or headscale's API key. */
  apiToken: string;
  clientId: string;
  clientSecret: string;
  url: string;
  magicDnsSuffix: string;
  user: string;
}

/** Every field that can carry an error, named as the API names them (so problem+json paths match). */
export const CREDENTIAL_FIELDS = ['control', 'method', 'tailnet', 'apiToken', 'clientId', 'clientSecret', 'url', 'magicDnsSuffix', 'user'] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];
export type CredentialErrors = Partial<Record<CredentialField, string>>;

export type CredentialsBody = z.output<typeof TailnetCredentialsBody>;
export type CheckedCredentials = { ok: true; body: CredentialsBody } | { ok: false; errors: CredentialErrors };

/** The form for new credentials, or filled with the stored ones (without their secret). */
export function credentialsFormOf(stored: TailnetCredentialsView | null | undefined): CredentialsFormValues {
  const values: CredentialsFormValues = { control: 'tailscale', method: 'api_token', tailnet: '-', apiToken: '', clientId: '', clientSecret: '', url: '', magicDnsSuffix: '', user: '' };
  if (!stored) return values;
  if (stored.control === 'headscale') return { ...values, control: 'headscale', url: stored.url, magicDnsSuffix: stored.magicDnsSuffix ?? '', user: stored.user ?? '' };
  return { ...values, method: stored.method, tailnet: stored.tailnet ?? '-', clientId: stored.clientId ?? '' };
}

/** What is sent: only the fields of the chosen control server and method. */
function rawBody(values: CredentialsFormValues): Record<string, unknown> {
  if (values.control === 'headscale') {
    return { control: 'headscale', method: 'api_token', url: values.url.trim(), apiToken: values.apiToken, magicDnsSuffix: values.magicDnsSuffix, user: values.user };
  }
  const tailnet = values.tailnet.trim() || '-';
  if (values.method === 'oauth') return { control: 'tailscale', method: 'oauth', tailnet, clientId: values.clientId, clientSecret: values.clientSecret };
  return { control: 'tailscale', method: 'api_token', tailnet, apiToken: values.apiToken };
}

/** Checks the form with the API's own schema; the first problem of each field, in words that say how to fix it. */
export function checkCredentialsForm(values: CredentialsFormValues): CheckedCredentials {
  const parsed = TailnetCredentialsBody.safeParse(rawBody(values));
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: CredentialErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(CREDENTIAL_FIELDS as readonly string[]).includes(field)) continue;
    errors[field as CredentialField] ??= credentialMessage(field as CredentialField, values, issue.message);
  }
  return { ok: false, errors };
}

/** Per field: what to say when it is empty, and when it is not what is expected. */
const MESSAGES: Record<Exclude<CredentialField, 'control' | 'method'>, { empty: string; invalid: string }> = {
  apiToken: { empty: 'Enter an API access token from the Tailscale admin console (Settings › Keys)', invalid: 'A Tailscale API access token starts with tskey-api-' },
  clientId: { empty: 'Enter the id of the OAuth client', invalid: 'Letters, digits, dashes and underscores, as the admin console shows the id' },
  clientSecret: { empty: 'Enter the secret of the OAuth client', invalid: 'An OAuth client secret starts with tskey-client-' },
  tailnet: { empty: 'The tailnet’s name (e.g. example.com), or - for the tailnet of the token', invalid: 'The tailnet’s name (e.g. example.com), or - for the tailnet of the token' },
  url: { empty: 'Enter the URL of the headscale server, e.g. https://headscale.example.com', invalid: 'An http(s) URL without user, query or fragment, e.g. https://headscale.example.com' },
  magicDnsSuffix: { empty: 'Enter headscale’s dns.base_domain, e.g. tailnet.example.com', invalid: 'A DNS suffix such as tailnet.example.com' },
  user: { empty: 'Enter the headscale user that will own the auth keys', invalid: 'A headscale user name, without spaces' },
};
const HEADSCALE_KEY = { empty: 'Enter an API key of the headscale server (headscale apikeys create)', invalid: 'A headscale API key starts with hskey-api-' };

/** One message per field that says what is expected; the contract's message when nothing better fits. */
export function credentialMessage(field: CredentialField, values: CredentialsFormValues, fallback: string): string {
  if (field === 'control' || field === 'method') return fallback;
  const messages = field === 'apiToken' && values.control === 'headscale' ? HEADSCALE_KEY : MESSAGES[field];
  return String(values[field]).trim() ? messages.invalid : messages.empty;
}

/** The stored credentials as a person reads them. */
export function describeStored(stored: TailnetCredentialsView): { control: string; method: string; where: string } {
  if (stored.control === 'headscale') return { control: 'headscale', method: 'API key', where: stored.url };
  const tailnet = !stored.tailnet || stored.tailnet === '-' ? 'the token’s own tailnet' : stored.tailnet;
  return { control: 'Tailscale', method: stored.method === 'oauth' ? `OAuth client ${stored.clientId ?? ''}`.trim() : 'API access token', where: tailnet };
}
