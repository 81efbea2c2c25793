import { Client } from 'undici';
import { z } from 'zod';
import type { TailnetPath } from '@pve-nexus/contracts';

/** The part of tailscaled's LocalAPI `/localapi/v0/status` a path is read from. */
const PeerStatus = z.object({
  HostName: z.string().optional(),
  DNSName: z.string().optional(),
  TailscaleIPs: z.array(z.string()).nullish(),
  /** The DERP region the peer calls home (`Relay`), used while no direct path is known. */
  Relay: z.string().optional(),
  /** The UDP endpoint of a direct path; empty while relayed. */
  CurAddr: z.string().optional(),
  Active: z.boolean().optional(),
});
const Status = z.object({ Peer: z.record(z.string(), PeerStatus).nullish() });

/**
 * How this deployment's tailscaled (the executor's sidecar) reaches a tailnet host right now: `direct`
 * (UDP to `endpoint`), `derp` (through the relay region `relay`), or `idle` (no session: what the next
 * packet would use is not known yet). Null when the host is not a peer of that node. Reads the node's
 * LocalAPI over its unix socket: the one place Tailscale reports this (no control server API does).
 */
export async function readTailnetPath(socketPath: string, host: string, timeoutMs = 2_000): Promise<TailnetPath | null> {
  const client = new Client('http://local-tailscaled.sock', { socketPath, connectTimeout: timeoutMs });
  try {
    const response = await client.request({ path: '/localapi/v0/status', method: 'GET', headers: { host: 'local-tailscaled.sock' }, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.body.json();
    if (response.statusCode !== 200) return null;
    const status = Status.safeParse(body);
    return status.success ? pathTo(Object.values(status.data.Peer ?? {}), host) : null;
  } finally {
    await client.close();
  }
}

/** The path to the peer known by `host` (its MagicDNS name, short host name or a Tailscale address). */
export function pathTo(peers: readonly z.output<typeof PeerStatus>[], host: string): TailnetPath | null {
  const wanted = host.toLowerCase().replace(/\.$/, '');
  const peer = peers.find(
    (candidate) =>
      candidate.DNSName?.toLowerCase().replace(/\.$/, '') === wanted ||
      candidate.DNSName?.toLowerCase().split('.')[0] === wanted ||
      (candidate.TailscaleIPs ?? []).includes(wanted),
  );
  if (!peer) return null;
  if (peer.CurAddr) return { kind: 'direct', relay: peer.Relay || null, endpoint: peer.CurAddr };
  if (peer.Active && peer.Relay) return { kind: 'derp', relay: peer.Relay, endpoint: null };
  return { kind: 'idle', relay: peer.Relay || null, endpoint: null };
}
