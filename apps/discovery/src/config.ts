import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** Environment of the discovery service. */
export const DiscoveryEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9102),
});
export type DiscoveryConfig = z.infer<typeof DiscoveryEnv>;
