import type { ServerConnection, ServerView } from '@pve-nexus/contracts';
import { effectiveEndpoint } from '@pve-nexus/reachability';
import type { ServerRow } from './server.rows.js';

export function toServerView(row: ServerRow): ServerView {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    tlsTrust: row.tlsTrust,
    connectTimeoutMs: row.connectTimeoutMs,
    learnedTimeoutMs: row.learnedTimeoutMs,
    useTailscale: row.useTailscale,
    tailscaleHostname: row.tailscaleHostname,
    tailscalePort: row.tailscalePort,
    endpoint: effectiveEndpoint(row),
    pins: row.pins.map((pin) => ({ node: pin.node, fingerprint: pin.fingerprint, acceptedAt: pin.acceptedAt.toISOString() })),
    lastHealthStatus: row.lastHealthStatus,
    lastHealthAt: row.lastHealthAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toConnection(row: ServerRow, apiToken: string): ServerConnection {
  return {
    serverId: row.id,
    host: row.host,
    port: row.port,
    apiToken,
    tlsTrust: row.tlsTrust,
    connectTimeoutMs: row.learnedTimeoutMs ?? row.connectTimeoutMs,
    useTailscale: row.useTailscale,
    tailscaleHostname: row.tailscaleHostname,
    tailscalePort: row.tailscalePort,
    pins: row.pins.map((pin) => ({ node: pin.node, fingerprint: pin.fingerprint, acceptedAt: pin.acceptedAt.toISOString() })),
  };
}
