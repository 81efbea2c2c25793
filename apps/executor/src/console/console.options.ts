import type { TailnetAccess } from '@pve-nexus/reachability';

export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');

/** Settings of the console module, from the executor's environment. */
export interface ConsoleOptions {
  access: TailnetAccess;
  /** Concurrent connections per Proxmox server for console tickets (a pool apart from the fleet's). */
  connectionsPerServer: number;
}
