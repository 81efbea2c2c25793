import type { FleetServerStatus, ServerStatusData } from '@pve-nexus/contracts';

/** A `server.status` event as the dashboard keeps it: with when it arrived, to compare with the list's age. */
export interface LiveServerStatus {
  data: ServerStatusData;
  /** `Date.now()` when the event arrived. */
  receivedAt: number;
}

/** A server as the dashboard shows it: what the last list said, unless a later event said otherwise. */
export interface ShownServer {
  serverId: string;
  name: string;
  status: 'ok' | 'error';
  error?: FleetServerStatus['error'];
  /** `list`: how the server answered the last fleet list; `live`: a health check since then. */
  source: 'list' | 'live';
  /** Time to the list's answer or failure, in ms; only for `list`. */
  latencyMs?: number;
  /** Answers again (an event) while the last list has none of its guests: the list must be read again. */
  recovered: boolean;
}

/**
 * The servers of the last list, each with its newest known status: an event counts when it arrived
 * after the list was fetched (`fetchedAt`, undefined while the first fetch runs); an older one is
 * already reflected by the list or contradicted by it.
 */
export function shownServers(servers: readonly FleetServerStatus[], live: Readonly<Record<string, LiveServerStatus>>, fetchedAt: number | undefined): ShownServer[] {
  return servers.map((server) => {
    const event = live[server.serverId];
    if (!event || (fetchedAt !== undefined && event.receivedAt <= fetchedAt)) {
      return { serverId: server.serverId, name: server.name, status: server.status, ...(server.error ? { error: server.error } : {}), source: 'list', latencyMs: server.latencyMs, recovered: false };
    }
    const { status, error } = event.data;
    return { serverId: server.serverId, name: server.name, status, ...(error ? { error } : {}), source: 'live', recovered: status === 'ok' && server.status === 'error' };
  });
}
