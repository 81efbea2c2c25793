import type { ServerView } from '@pve-nexus/contracts';

/**
 * A learned deadline comes from lone health checks; a fleet list asks every server at once, after a
 * credential read over the bus, and on a busy host that costs more than one check did. So the list
 * never gives a server less than `floorMs`, and never more than its configured connect timeout.
 */
export function fleetListDeadlineMs(server: Pick<ServerView, 'learnedTimeoutMs' | 'connectTimeoutMs'>, floorMs: number): number {
  if (server.learnedTimeoutMs === null) return server.connectTimeoutMs;
  return Math.min(server.connectTimeoutMs, Math.max(server.learnedTimeoutMs, floorMs));
}
