import { z } from 'zod';
import { TAILSCALE_API_URL } from '@pve-nexus/contracts';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Environment of the discovery service. */
export const DiscoveryEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the probes (`/livez`, `/readyz`). */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9102),
  /** Tailscale's API origin; only tests and the demo point it elsewhere (at the simulator). */
  TAILSCALE_API_URL: z.url({ protocol: /^https?$/ }).default(TAILSCALE_API_URL),
  /** Budget of one call to a control server, in ms. Default 10 s. */
  TAILNET_TIMEOUT_MS: ms(500, 120_000).default(10_000),
  /** How long a tenant's device list is served from Redis before the control server is asked again, in ms. Default 5 min. */
  DEVICE_CACHE_TTL_MS: ms(1_000, 86_400_000).default(300_000),
  /** A forced refresh (`?refresh=1`, sync) per tenant at most this often, in ms. Default 10 s. */
  DEVICE_REFRESH_MIN_INTERVAL_MS: ms(0, 3_600_000).default(10_000),
  /** Interval of the online/offline monitor, in ms; 0 turns it off. Default 30 s. */
  MONITOR_INTERVAL_MS: z.coerce.number().int().refine((value) => value === 0 || (value >= 200 && value <= 3_600_000), '0, or 200 to 3600000').default(30_000),
  /** A device not seen for this long is offline, in ms. Default 2 min. */
  DEVICE_OFFLINE_AFTER_MS: ms(1_000, 86_400_000).default(120_000),
});
export type DiscoveryConfig = z.infer<typeof DiscoveryEnv>;
