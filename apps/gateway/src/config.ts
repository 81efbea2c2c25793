import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** Environment of the gateway. */
export const GatewayEnv = BaseEnv.extend(RedisEnv.shape).extend({
  /** Port of the public HTTP API (`/api/v1`), the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** How long `GET /api/v1/health` waits for each service before reporting it down. */
  HEALTH_RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  /** Largest accepted request body. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 1mb').default('256kb'),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;
