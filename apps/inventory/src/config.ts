import { z } from 'zod';
import { BaseEnv, DatabaseEnv } from '@pve-nexus/service-kit';

/** Environment of the inventory service. */
export const InventoryEnv = BaseEnv.extend(DatabaseEnv.shape).extend({
  /** Port of the probes and `/metrics`. */
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9101),
  /** Connections to PostgreSQL per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});
export type InventoryConfig = z.infer<typeof InventoryEnv>;
