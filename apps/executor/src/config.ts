import { z } from 'zod';
import { requireSocksUrl, TailnetEnv } from '@pve-nexus/reachability';
import { BaseEnv, RedisEnv } from '@pve-nexus/service-kit';

/** Environment of the executor service. */
export const ExecutorEnv = BaseEnv.extend(RedisEnv.shape)
  .extend(TailnetEnv.shape)
  .extend({
    /** Port of the probes and `/metrics`. */
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(9103),
    /** Concurrent connections per Proxmox server (per effective endpoint). */
    PROXMOX_CONNECTIONS_PER_SERVER: z.coerce.number().int().min(1).max(64).default(8),
  })
  .superRefine(requireSocksUrl);
export type ExecutorConfig = z.infer<typeof ExecutorEnv>;
