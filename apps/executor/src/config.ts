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
    /** Bulk actions: how many run at once overall, and per server. */
    BULK_ACTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    BULK_ACTION_PER_SERVER: z.coerce.number().int().min(1).max(16).default(2),
    PROXMOX_CONNECTIONS_PER_SERVER: z.coerce.number().int().min(1).max(64).default(8),
    /** How long a decrypted server connection is reused for reads (fleet list, task status), in ms. Default 60 s. */
    FLEET_CONNECTION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
    /**
     * The fleet list never gives a server less than this, in ms, even when the deadline learned from its
     * health checks is shorter (it stays capped by the server's own connect timeout). Default 5 s.
     */
    FLEET_LIST_MIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
    /** Interval between two status reads of a task the executor follows, in ms. Default 500. */
    TASK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
    /** How long a task is followed at most, in ms. Default 10 min. */
    TASK_FOLLOW_MAX_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
    /** Interval between two health checks of each server, in ms; 0 turns health checks off. Default 30 s. */
    HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int().refine((ms) => ms === 0 || (ms >= 200 && ms <= 3_600_000), '0, or 200 to 3600000').default(30_000),
    /** Servers this replica checks at the same time. Default 32. */
    HEALTH_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(32),
  })
  .superRefine(requireSocksUrl);
export type ExecutorConfig = z.infer<typeof ExecutorEnv>;
