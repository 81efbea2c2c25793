import { z } from 'zod';
import { isSafeText, lineText, SAFE_TEXT_MESSAGE } from '../text/safe-text.js';

/** The origin of Tailscale's hosted API. */
export const TAILSCALE_API_URL = 'https://api.tailscale.com';

const secret = (pattern: RegExp, shape: string) =>
  z.string().trim().min(1).max(512).regex(pattern, shape).refine(isSafeText, SAFE_TEXT_MESSAGE);

/** A Tailscale API access token (`tskey-api-…`). */
export const TailscaleApiToken = secret(/^tskey-api-[A-Za-z0-9_-]+$/, 'a Tailscale API access token: tskey-api-…');
/** A Tailscale OAuth client secret (`tskey-client-…`). */
export const TailscaleClientSecret = secret(/^tskey-client-[A-Za-z0-9_-]+$/, 'an OAuth client secret: tskey-client-…');
/** A headscale API key (`hskey-api-…`, or the `prefix.secret` form of headscale before 0.26). */
export const HeadscaleApiKey = secret(/^(hskey-api-[A-Za-z0-9_-]+|[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,})$/, 'a headscale API key: hskey-api-…');

/** A headscale server's base URL: http(s), no credentials, query or fragment. */
export const HeadscaleUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password && !url.search && !url.hash;
  }, 'an http(s) URL without credentials, query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const MagicDnsSuffix = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS suffix such as tailnet.example.com');

/** Tailscale's hosted control plane, authenticated by an API access token or an OAuth client. */
const TailscaleCredentials = z.discriminatedUnion('method', [
  z.strictObject({
    control: z.literal('tailscale'),
    method: z.literal('api_token'),
    /** `-` is the token's own tailnet. */
    tailnet: lineText(200, 1).default('-'),
    apiToken: TailscaleApiToken,
  }),
  z.strictObject({
    control: z.literal('tailscale'),
    method: z.literal('oauth'),
    tailnet: lineText(200, 1).default('-'),
    clientId: lineText(200, 1).regex(/^[A-Za-z0-9_-]+$/, 'an OAuth client id'),
    clientSecret: TailscaleClientSecret,
  }),
]);

/** A headscale server: its URL, an API key, its MagicDNS base domain and the user new devices join as. */
const HeadscaleCredentials = z.strictObject({
  control: z.literal('headscale'),
  method: z.literal('api_token'),
  url: HeadscaleUrl,
  apiToken: HeadscaleApiKey,
  /** headscale's `dns.base_domain`: its API does not report it, and MagicDNS names end with it. */
  magicDnsSuffix: MagicDnsSuffix,
  /** The headscale user that owns the auth keys the product mints. */
  user: lineText(100, 1).regex(/^[^\s]+$/, 'a headscale user name'),
});

/** `PUT /api/v1/tenants/:tenantId/tailscale/credentials` (tenant admin): replaces the stored credentials. */
export const TailnetCredentialsBody = z.discriminatedUnion('control', [HeadscaleCredentials, TailscaleCredentials]);
export type TailnetCredentialsBody = z.input<typeof TailnetCredentialsBody>;
export type TailnetCredentials = z.output<typeof TailnetCredentialsBody>;

/** The stored credentials without their secrets, for the settings page. */
export const TailnetCredentialsView = z.strictObject({
  control: z.enum(['tailscale', 'headscale']),
  method: z.enum(['api_token', 'oauth']),
  /** Tailscale's tailnet (`-` for the token's own) or headscale's URL. */
  tailnet: z.string().nullable(),
  url: z.string(),
  magicDnsSuffix: z.string().nullable(),
  user: z.string().nullable(),
  clientId: z.string().nullable(),
  /** The last characters of the token or secret, to tell two apart. */
  secretHint: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TailnetCredentialsView = z.infer<typeof TailnetCredentialsView>;

/** The answer of a credentials test. */
export const TailnetTestResult = z.strictObject({
  ok: z.boolean(),
  /** The tailnet's name (Tailscale) or MagicDNS base domain (headscale). */
  tailnet: z.string().nullable(),
  deviceCount: z.number().int().nonnegative().nullable(),
  /** Why the test failed, as a sentence for the person who entered the credentials. */
  reason: z.string().nullable(),
  retryAfterSeconds: z.number().int().nonnegative().nullable(),
});
export type TailnetTestResult = z.infer<typeof TailnetTestResult>;
