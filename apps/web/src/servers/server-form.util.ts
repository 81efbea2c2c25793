// The server form's values, checked in the browser with the same contract schemas as the API
// (libs/contracts), turned into the bodies the API takes, and messages that say how to fix a field.
import { CreateServerBody, UpdateServerBody, type ServerView, type TlsTrust } from '@pve-nexus/contracts';
import { z } from 'zod';

/** What the form's inputs hold: text as typed, so a half-typed number is not lost. */
export interface ServerFormValues {
  name: string;
  host: string;
  port: string;
  /** Write-only: empty when editing means "keep the stored token". */
  apiToken: string;
  tlsTrust: TlsTrust;
  /** Shown in seconds; the API takes milliseconds. */
  connectTimeoutSeconds: string;
  useTailscale: boolean;
  tailscaleHostname: string;
  tailscalePort: string;
}

/** The fields that can carry an error, named as the API names them (so problem+json paths match). */
export const SERVER_FIELDS = ['name', 'host', 'port', 'apiToken', 'tlsTrust', 'connectTimeoutMs', 'useTailscale', 'tailscaleHostname', 'tailscalePort'] as const;
export type ServerField = (typeof SERVER_FIELDS)[number];
export type ServerFieldErrors = Partial<Record<ServerField, string>>;

/** The body of a create (and of a test before save), after the contract's defaults and normalisation. */
export type ServerBody = z.output<typeof CreateServerBody>;
/** The same without the token: what an edit may send when the token is kept. */
export type ServerBodyWithoutToken = Omit<ServerBody, 'apiToken'> & { apiToken?: string };

export const DEFAULT_PORT = '8006';
export const DEFAULT_TIMEOUT_SECONDS = '10';
export const TOKEN_PLACEHOLDER = 'user@realm!tokenid=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

export function emptyServerForm(): ServerFormValues {
  return {
    name: '',
    host: '',
    port: DEFAULT_PORT,
    apiToken: '',
    tlsTrust: 'pinned',
    connectTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    useTailscale: false,
    tailscaleHostname: '',
    tailscalePort: DEFAULT_PORT,
  };
}

/** The form filled with a stored server; the token stays empty (it is never returned). */
export function serverFormOf(server: ServerView): ServerFormValues {
  return {
    name: server.name,
    host: server.host,
    port: String(server.port),
    apiToken: '',
    tlsTrust: server.tlsTrust,
    connectTimeoutSeconds: String(server.connectTimeoutMs / 1000),
    useTailscale: server.useTailscale,
    tailscaleHostname: server.tailscaleHostname ?? '',
    tailscalePort: String(server.tailscalePort),
  };
}

const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/**
 * What is sent: with Tailscale off, its hidden fields are left out (a create takes the defaults; an
 * edit keeps the stored values, so switching it back on restores them).
 */
function rawBody(values: ServerFormValues): Record<string, unknown> {
  return {
    name: values.name,
    host: values.host,
    port: toNumber(values.port),
    ...(values.apiToken.trim() ? { apiToken: values.apiToken } : {}),
    tlsTrust: values.tlsTrust,
    connectTimeoutMs: Math.round(toNumber(values.connectTimeoutSeconds) * 1000),
    useTailscale: values.useTailscale,
    ...(values.useTailscale ? { tailscaleHostname: values.tailscaleHostname, tailscalePort: toNumber(values.tailscalePort) } : {}),
  };
}

export type CheckedForm = { ok: true; body: ServerBodyWithoutToken } | { ok: false; errors: ServerFieldErrors };

/**
 * Checks the form with the API's own schema: a create needs the token; an edit may keep it
 * (`tokenRequired` false). The first problem of each field is reported, in words that say how to fix it.
 */
export function checkServerForm(values: ServerFormValues, tokenRequired: boolean): CheckedForm {
  const body = rawBody(values);
  const errors: ServerFieldErrors = {};
  if (tokenRequired && !values.apiToken.trim()) errors.apiToken = 'Enter the API token, as USER@REALM!TOKENID=SECRET';
  const schema = 'apiToken' in body || tokenRequired ? CreateServerBody : UpdateServerBody;
  const parsed = schema.safeParse(body);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, body: parsed.data as ServerBodyWithoutToken };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(SERVER_FIELDS as readonly string[]).includes(field)) continue;
    errors[field as ServerField] ??= messageFor(field as ServerField, values, issue.message);
  }
  return { ok: false, errors };
}

/** One message per field that says what is expected; the contract's message when nothing better fits. */
export function messageFor(field: ServerField, values: ServerFormValues, fallback: string): string {
  switch (field) {
    case 'name':
      return values.name.trim() ? 'At most 100 characters' : 'Enter a name for this server';
    case 'host':
      return values.host.trim() ? 'Not a host name or an IP address' : 'Enter the host name or IP address of a Proxmox node';
    case 'port':
    case 'tailscalePort':
      return 'A port number between 1 and 65535';
    case 'apiToken':
      return 'Use the format USER@REALM!TOKENID=SECRET, e.g. nexus@pve!fleet=4f6c…';
    case 'connectTimeoutMs':
      return 'Between 0.5 and 120 seconds';
    case 'tailscaleHostname':
      return tailnetHostMessage(values.tailscaleHostname);
    case 'tlsTrust':
    case 'useTailscale':
      return fallback;
  }
}

function tailnetHostMessage(value: string): string {
  const host = value.trim();
  if (!host) return 'Enter the MagicDNS name or Tailscale IP of the server';
  if (z.ipv4().safeParse(host).success || z.ipv6().safeParse(host).success) {
    return `${host} is not a Tailscale address: Tailscale IPs are in 100.64.0.0/10 or fd7a:115c:a1e0::/48. Use the server's 100.x.y.z address or its MagicDNS name`;
  }
  return 'Not a MagicDNS name: use the name shown in the Tailscale admin console, e.g. pve.tailnet-name.ts.net';
}

/** The fields of a checked edit that differ from the stored server: what a PATCH sends. */
export function changedFields(body: ServerBodyWithoutToken, server: ServerView): Partial<ServerBodyWithoutToken> {
  const changes: Partial<ServerBodyWithoutToken> = {};
  const keys = ['name', 'host', 'port', 'tlsTrust', 'connectTimeoutMs', 'useTailscale', 'tailscaleHostname', 'tailscalePort'] as const;
  for (const key of keys) {
    const next = body[key];
    if (next === undefined) continue;
    // With Tailscale off its fields are hidden: they keep their stored values.
    if ((key === 'tailscaleHostname' || key === 'tailscalePort') && !body.useTailscale) continue;
    if (next !== (server[key] ?? undefined)) Object.assign(changes, { [key]: next });
  }
  if (body.apiToken) changes.apiToken = body.apiToken;
  return changes;
}

/** Whether a change moves the server or changes how it is reached: its stored test no longer applies. */
export function changesConnection(changes: Partial<ServerBodyWithoutToken>): boolean {
  return ['host', 'port', 'tlsTrust', 'connectTimeoutMs', 'useTailscale', 'tailscaleHostname', 'tailscalePort', 'apiToken'].some((key) => key in changes);
}

/** Whether a change gives the server another address: the API then drops its accepted fingerprints. */
export function movesServer(changes: Partial<ServerBodyWithoutToken>): boolean {
  return ['host', 'port', 'useTailscale', 'tailscaleHostname', 'tailscalePort'].some((key) => key in changes);
}
