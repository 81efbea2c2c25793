import type { EffectiveEndpoint } from '@pve-nexus/contracts';

/** The reachability fields of a Proxmox server (seed 000) or a machine. */
export interface Reachable {
  host: string;
  port: number;
  useTailscale: boolean;
  tailscaleHostname: string | null;
  tailscalePort: number;
}

/**
 * THE decision of where to connect: the tailnet endpoint when Tailscale is on (and named), the public
 * host otherwise. Every Proxmox call, health check, console and SSH connection goes through here, so
 * a server with Tailscale on is never contacted at its public address.
 */
export function effectiveEndpoint(target: Reachable): EffectiveEndpoint {
  if (target.useTailscale && target.tailscaleHostname) {
    return { host: target.tailscaleHostname, port: target.tailscalePort, via: 'tailnet' };
  }
  return { host: target.host, port: target.port, via: 'public' };
}
