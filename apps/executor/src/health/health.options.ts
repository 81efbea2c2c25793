export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Settings of the health scheduler, from the executor's environment. */
export interface HealthOptions {
  /** Interval between two checks of each server, in ms; 0: no checks. */
  intervalMs: number;
  /** Servers this replica checks at the same time. */
  concurrency: number;
  /** The LocalAPI socket of the tailscaled the executor reaches the tailnet through; unset: no path quality. */
  tailnetLocalApiSocket?: string;
}
