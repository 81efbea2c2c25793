import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** A comma-separated list of relay WebSocket URLs (ws:// or wss://). */
const relayUrls = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' })).min(1, 'at least one relay URL'));

/** Environment of the gateway. */
export const GatewayEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the public HTTP API (`/api/v1`), the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** How long `GET /api/v1/health` waits for each service before reporting it down. */
  HEALTH_RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  /**
   * Key that signs access tokens (HS256): at least 32 characters of randomness, the same on every
   * gateway replica. No default: the gateway refuses to start without one.
   */
  NEXUS_JWT_SECRET: z.string().min(32, 'at least 32 characters (e.g. openssl rand -base64 48)'),
  /** Lifetime of an access token; refresh tokens renew it. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Send the refresh cookie only over HTTPS (browsers also accept it on http://localhost). */
  REFRESH_COOKIE_SECURE: z.stringbool().default(true),
  /** Sign-in attempts per client address per minute before 429. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Failed sign-ins from one client address before each further attempt waits (exponential backoff). */
  LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(20),
  /** Failed sign-ins on one account (or password changes of one user) before each further attempt waits. */
  LOGIN_FREE_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(0).max(100_000).default(5),
  /** First wait after the free failures, in seconds; doubled per further failure up to the maximum. */
  LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(2),
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Failures are forgotten this long after the last one. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  /**
   * Addresses (or CIDRs), comma-separated, of the proxies in front of the gateway (the web app's
   * server). Only a request whose socket peer is one of them has its client address taken from
   * X-Forwarded-For; default none: the socket address is the client.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'IP addresses or CIDRs, comma-separated' }))),
  /**
   * How often each open event stream's reader is checked again, in ms (default 60 s): the backstop
   * for a missed AccessRevoked broadcast, which ends streams at once.
   */
  EVENTS_ACCESS_RECHECK_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  /** Largest accepted request body. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 1mb').default('256kb'),
  /** Largest accepted CSV import. */
  CSV_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 5mb').default('5mb'),
  /**
   * How long a one-time console token may wait to be redeemed, in ms. Default 30 s. The Proxmox
   * ticket behind it lasts about 8 s more (its `acceptBy`), whichever ends first.
   */
  CONSOLE_TOKEN_TTL_MS: z.coerce.number().int().min(1_000).max(120_000).default(30_000),
  /** The longest a console lasts, as the relays' RELAY_MAX_SESSION_MS (default 8 h): the relay acts as the console's opener that long. */
  CONSOLE_MAX_SESSION_MS: z.coerce.number().int().min(1_000).max(7 * 86_400_000).default(28_800_000),
  /**
   * Console relay WebSocket URLs as browsers reach them, comma-separated (`ws://` or `wss://`); any
   * replica redeems any token, so each console open lists them in a new random order to spread the
   * load. Default the relay of a developer machine: `ws://127.0.0.1:8081/console`.
   */
  CONSOLE_RELAY_URLS: relayUrls.default(['ws://127.0.0.1:8081/console']),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;
