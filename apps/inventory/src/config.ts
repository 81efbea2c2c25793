import { z } from 'zod';
import { BaseEnv, DatabaseEnv } from '@pve-nexus/service-kit';

/** Environment of the inventory service. */
export const InventoryEnv = BaseEnv.extend(DatabaseEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9101),
  /** Connections to PostgreSQL per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Lifetime of a session (its refresh token) in hours. */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 30),
  /** Failed sign-ins in a row before the account is locked. */
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** First lock in seconds; doubled by each further failure up to the maximum. */
  LOGIN_LOCKOUT_BASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
});
export type InventoryConfig = z.infer<typeof InventoryEnv>;
