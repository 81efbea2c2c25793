import type { TailnetAccess } from '@pve-nexus/reachability';

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

/** Settings of the relay, from the service's environment (see config.ts for their defaults). */
export interface RelayOptions {
  /** How this process reaches tailnet endpoints (like the executor). */
  access: TailnetAccess;
  /** Origins whose pages may open consoles; a request without Origin is a non-browser client. */
  allowedOrigins: string[];
  idleTimeoutMs: number;
  maxSessionMs: number;
  tenantSessionCap: number;
  drainGraceMs: number;
  /** Registry refresh interval; entries live three of them. */
  heartbeatMs: number;
  /** Bytes queued on one side above which the other side is paused. */
  highWaterMark: number;
  maxMessageBytes: number;
}
