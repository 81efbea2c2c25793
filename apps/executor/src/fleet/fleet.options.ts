import type { TailnetAccess } from '@pve-nexus/reachability';

export const FLEET_OPTIONS = Symbol('FLEET_OPTIONS');

/** Settings of the fleet module, from the executor's environment. */
export interface FleetOptions {
  access: TailnetAccess;
  /** Concurrent connections per Proxmox server (per effective endpoint). */
  connectionsPerServer: number;
  /** How long a decrypted connection is reused for reads (fleet list, task status). */
  connectionCacheTtlMs: number;
  /** Interval between two status reads of a followed task. */
  taskPollIntervalMs: number;
  /** A task still running after this long is no longer followed (task.get then asks Proxmox). */
  taskFollowMaxMs: number;
}
