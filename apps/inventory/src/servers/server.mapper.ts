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
    tailnetPath: row.useTailscale ? tailnetPathOf(row.lastTailnetPath, row.lastTailnetRelay) : null,
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

/** A stored path (kind and relay columns) as the API shows it; null when none was recorded. */
export function tailnetPathOf(kind: string | null, relay: string | null): { kind: 'direct' | 'derp' | 'idle'; relay: string | null } | null {
  return kind === 'direct' || kind === 'derp' || kind === 'idle' ? { kind, relay } : null;
}
