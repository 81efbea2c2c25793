import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { ConnectionFailure, TailnetPath } from './server.views.js';

const Uuid = z.uuid();
const isoTime = z.iso.datetime({ offset: true });

/** A server's health: online (last check ok), degraded (one failure), offline (2+ failures in a row). */
export const HealthStatus = z.enum(['online', 'degraded', 'offline']);
export type HealthStatus = z.infer<typeof HealthStatus>;

/** A server the executor should check now, without its token (that comes from `inventory.server.connection`). */
export const DueCheck = z.object({
  tenantId: Uuid,
  serverId: Uuid,
  /** Upper bound of a check's timeout (the server's configured connect timeout). */
  connectTimeoutMs: z.number().int(),
  /** Timeout learned from recent latencies; null until the first ok check. */
  learnedTimeoutMs: z.number().int().nullable(),
  /** Changes whenever the server's address, token or pins change: the key of cached connections. */
  version: z.string(),
});
export type DueCheck = z.infer<typeof DueCheck>;

/**
 * The key of a server's cached connections (health checks and fleet lists share the cache): it
 * changes whenever the server's address, token or pins change. One function, pins in a fixed
 * order, so inventory and the executor always compute the same key for the same server.
 */
export function connectionVersion(server: { updatedAt: string; pins: readonly { node: string; fingerprint: string }[] }): string {
  const pins = server.pins.map((pin) => `${pin.node}=${pin.fingerprint}`).sort();
  return `${server.updatedAt}|${pins.join(',')}`;
}

/** The result of one check, as the executor reports it. */
export const CheckResult = z.object({
  tenantId: Uuid,
  serverId: Uuid,
  checkedAt: isoTime,
  ok: z.boolean(),
  /** Round trip in ms; null when no answer came. */
  latencyMs: z.number().int().min(0).nullable(),
  /** Why it failed; null when ok. */
  errorClass: ConnectionFailure.nullable(),
  /** For a server reached over the tailnet, when the deployment's tailscaled says: its path. */
  tailnetPath: TailnetPath.nullable().default(null),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** `GET .../servers/:serverId/health?hours=24`. */
export const ServerHealthQuery = z.strictObject({ hours: z.coerce.number().int().min(1).max(168).default(24) });

export const ServerHealthView = z.object({
  serverId: Uuid,
  status: HealthStatus.nullable(),
  lastHealthAt: isoTime.nullable(),
  learnedTimeoutMs: z.number().int().nullable(),
  /** One entry per hour that has checks, oldest first. */
  hours: z.array(
    z.object({
      hour: isoTime,
      checks: z.number().int(),
      /** 0..1. */
      successRate: z.number(),
      /** Of the ok checks; null when none was ok. */
      avgLatencyMs: z.number().nullable(),
      maxLatencyMs: z.number().int().nullable(),
    }),
  ),
  /** The last 20 checks, newest first. */
  recent: z.array(
    z.object({ checkedAt: isoTime, ok: z.boolean(), latencyMs: z.number().int().nullable(), errorClass: z.string().nullable(), tailnetPath: TailnetPath.pick({ kind: true, relay: true }).nullable() }),
  ),
});
export type ServerHealthView = z.infer<typeof ServerHealthView>;

/** Health checks: the executor's scheduler asks inventory (as a system actor) what to check and records results. */
export const ServerHealthRpc = {
  /** Servers of every active tenant, paged by server id. System only. */
  dueChecks: defineRpc(
    'inventory.server.due-checks',
    z.strictObject({ limit: z.number().int().min(1).max(5_000).default(1_000), after: Uuid.optional() }),
    z.object({ servers: z.array(DueCheck), nextAfter: Uuid.nullable() }),
  ),
  /** Stores a check, rolls it into its hour, learns the timeout and derives the status. System only. */
  recordCheck: defineRpc(
    'inventory.server.record-check',
    CheckResult,
    z.object({ status: HealthStatus, previousStatus: HealthStatus.nullable(), learnedTimeoutMs: z.number().int().nullable() }),
  ),
  /** The health page of one server of the request's tenant. */
  health: defineRpc('inventory.server.health', ServerHealthQuery.extend({ serverId: Uuid }), ServerHealthView),
} as const;
