import type { TailnetAccess } from '@pve-nexus/reachability';

export const FLEET_OPTIONS = Symbol('FLEET_OPTIONS');

/** Settings of the fleet module, from the executor's environment. */
export interface FleetOptions {
  access: TailnetAccess;
  /** Concurrent connections per Proxmox server (per effective endpoint). */
  connectionsPerServer: number;
  /** How long a decrypted connection is reused for reads (fleet list, task status). */
  connectionCacheTtlMs: number;
  /** The least deadline the fleet list gives a server, whatever was learned for it. */
  listMinTimeoutMs: number;
  /** Interval between two status reads of a followed task. */
  taskPollIntervalMs: number;
  /** A task still running after this long is no longer followed (task.get then asks Proxmox). */
  taskFollowMaxMs: number;
  /** Bulk actions: guests acted on at the same time, over all servers. Default 8. */
  bulkConcurrency?: number;
  /** Bulk actions: guests acted on at the same time on one server. Default 2. */
  bulkPerServer?: number;
}

/** Defaults of the optional fleet settings. */
export const FLEET_BULK_DEFAULTS = { bulkConcurrency: 8, bulkPerServer: 2 } as const;
