import { z } from 'zod';
import { KeyRing } from '@pve-nexus/crypto';
import { BaseEnv, DatabaseEnv } from '@pve-nexus/service-kit';

/** Environment of the inventory service. */
export const InventoryEnv = BaseEnv.extend(DatabaseEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9101),
  /** Connections to PostgreSQL per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * The credential key ring, `id:base64key[,id:base64key...]` (the first encrypts, all decrypt; see
   * `npm run keys:generate` and `npm run keys:rotate`). Required: inventory refuses to start without it.
   */
  NEXUS_ENCRYPTION_KEY: z.string().transform((value, ctx) => {
    try {
      return KeyRing.parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  /** Lifetime of a session (its refresh token) in hours. */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 30),
});
export type InventoryConfig = z.infer<typeof InventoryEnv>;
