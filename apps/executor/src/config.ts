import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** Environment of the executor service. */
export const ExecutorEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9103),
});
export type ExecutorConfig = z.infer<typeof ExecutorEnv>;
