import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** Environment of the console-relay service. */
export const ConsoleRelayEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
});
export type ConsoleRelayConfig = z.infer<typeof ConsoleRelayEnv>;
