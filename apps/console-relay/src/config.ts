import { z } from 'zod';
import { requireSocksUrl, TailnetEnv } from '@pve-nexus/reachability';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A comma-separated list of web origins (`scheme://host[:port]`, exactly as browsers send them). */
const originList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin, 'must be an origin such as https://nexus.example.com')));

/** Environment of the console-relay service. */
export const ConsoleRelayEnv = BaseEnv.extend(RedisEnv.shape)
  .extend(TailnetEnv.shape)
  .extend({
    /** Port of the `/console` WebSocket endpoint, the probes and `/metrics`. */
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
    /**
     * Web origins whose pages may open consoles (cross-site WebSocket hijacking: browsers send
     * cookies and any page's WebSockets, but always with an `Origin` header). A request with
     * another Origin is refused with 403; a request without one comes from a non-browser client
     * and is allowed (its token is its only credential). Default: the web UI on a developer machine.
     */
    RELAY_ALLOWED_ORIGINS: originList.default(['http://localhost:3000', 'http://127.0.0.1:3000']),
    /** A session with no byte in either direction for this long is closed (IDLE_TIMEOUT). Default 15 min. */
    RELAY_IDLE_TIMEOUT_MS: ms(200, 86_400_000).default(900_000),
    /** Longest a session may last (MAX_DURATION). Default 8 h. */
    RELAY_MAX_SESSION_MS: ms(1_000, 7 * 86_400_000).default(28_800_000),
    /** Live sessions per tenant, over all replicas (TENANT_SESSION_CAP beyond). Default 50. */
    RELAY_TENANT_SESSION_CAP: z.coerce.number().int().min(1).max(100_000).default(50),
    /** On SIGTERM, how long live sessions may go on before they are closed with DRAINING. Default 10 s. */
    RELAY_DRAIN_GRACE_MS: ms(0, 600_000).default(10_000),
    /**
     * How often this replica refreshes its sessions in the shared registry; an entry lives three
     * heartbeats, so a killed replica's sessions leave listings and tenant counts that long after. Default 5 s.
     */
    RELAY_HEARTBEAT_MS: ms(100, 60_000).default(5_000),
    /** How often live sessions are checked against their owners' current access (a missed revocation still ends them). Default 30 s. */
    RELAY_REVOCATION_CHECK_MS: ms(200, 3_600_000).default(30_000),
    /** Bytes waiting to be sent on one side above which the other side is no longer read (backpressure). Default 1 MiB. */
    RELAY_HIGH_WATER_MARK_BYTES: z.coerce.number().int().min(16_384).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Largest WebSocket message accepted from either side. Default 16 MiB. */
    RELAY_MAX_MESSAGE_BYTES: z.coerce.number().int().min(65_536).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  })
  .superRefine(requireSocksUrl);
export type ConsoleRelayConfig = z.infer<typeof ConsoleRelayEnv>;
