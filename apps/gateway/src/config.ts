import { z } from 'zod';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

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
  /** Largest accepted request body. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 1mb').default('256kb'),
  /** Largest accepted CSV import. */
  CSV_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 5mb').default('5mb'),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;
