// Connection test results in plain words: why a test failed and what to check, how each node's
// certificate compares with the accepted fingerprints, and which fingerprints a person may accept.
import { assertUnreachable, type ConnectionFailure, type EffectiveEndpoint, type NodePin, type TestedNode, type TlsTrust } from '@pve-nexus/contracts';

/** A failed test, said for a person: a short title and what to check. */
export interface FailureText {
  title: string;
  advice: string;
}

/** What each failure reason means for someone setting up a server, and what to check first. */
export function describeFailure(reason: ConnectionFailure, endpoint: EffectiveEndpoint): FailureText {
  const address = `${endpoint.host}:${endpoint.port}`;
  const tailnet = endpoint.via === 'tailnet';
  switch (reason) {
    case 'dns':
      return {
        title: 'Host name not found',
        advice: tailnet
          ? `The MagicDNS name ${endpoint.host} could not be resolved. Check its spelling in the Tailscale admin console, and that MagicDNS is on for your tailnet.`
          : `The name ${endpoint.host} could not be resolved. Check its spelling, or use the server's IP address.`,
      };
    case 'refused':
      return {
        title: 'Connection refused',
        advice: `${address} refused the connection: nothing listens on that port. Check the port (the Proxmox VE API uses 8006) and that pveproxy runs on the node.`,
      };
    case 'unreachable':
      return {
        title: 'Could not reach a Proxmox API',
        advice: tailnet
          ? `${endpoint.host} cannot be reached over the tailnet. Check that the server is online in the Tailscale admin console and that PVE Nexus is connected to the same tailnet.`
          : // A connection test does not say whether the port was closed, filtered, slow or not TLS (no port scans through it).
            `No Proxmox VE API answered at ${address}. Check the host and the port (the API uses 8006), that pveproxy runs on the node, the firewalls on the way, and the connect timeout; for a server behind NAT, connect via Tailscale. An address refused by this installation's egress policy also ends here.`,
      };
    case 'timeout':
      return {
        title: 'No answer in time',
        advice: `${address} did not answer within the connect timeout. A firewall may be dropping the traffic, or the link is slow: check the address, or raise the connect timeout.`,
      };
    case 'tls':
      return {
        title: 'TLS handshake failed',
        advice: `The certificate of ${endpoint.host} could not be verified. With CA verification the certificate must come from a trusted authority and name this host; the self-signed certificate Proxmox installs needs “Trust on first use” instead.`,
      };
    case 'tls-pin-mismatch':
      return {
        title: 'Certificate does not match',
        advice: 'The server presented a certificate that is not the accepted one, so the connection was stopped before the API token was sent. This is expected after a certificate renewal; otherwise someone may be intercepting the connection.',
      };
    case 'unauthorized':
      return {
        title: 'API token refused',
        advice: 'The API token was refused: check USER@REALM!TOKENID=SECRET (user, realm, token id and secret), and that the token still exists and has not expired.',
      };
    case 'forbidden':
      return {
        title: 'Permission denied',
        advice: 'The token is valid but may not read the cluster. Give it (or, with privilege separation, the token itself) at least the PVEAuditor role on “/” under Datacenter → Permissions.',
      };
    case 'proxy':
      return {
        title: 'Tailscale proxy failed',
        advice: `PVE Nexus's tailnet connection could not reach ${address}. Check that the server is online in your tailnet, and that the Tailscale sidecar of PVE Nexus is running.`,
      };
    case 'http-error':
      return {
        title: 'The server answered with an error',
        advice: `${address} answered, but with an HTTP error. Check that the host and port point at the Proxmox VE API and not at another web server or a proxy.`,
      };
    case 'protocol':
      return {
        title: 'Not a Proxmox VE API',
        advice: `${address} does not answer like the Proxmox VE API. Check that the host and port point at a Proxmox VE node (port 8006), not at another service.`,
      };
    default:
      return assertUnreachable(reason);
  }
}

/**
 * Each tested node's pin state against `pins` (the server as stored): a test before saving knows no
 * pins, so it calls every node new; this says what the stored server will make of them.
 */
export function comparePins(nodes: readonly TestedNode[], pins: readonly NodePin[], tlsTrust: TlsTrust): TestedNode[] {
  return nodes.map((node) => {
    if (tlsTrust === 'ca') return { ...node, pin: 'not-pinned' };
    const pinned = pins.find((pin) => pin.node === node.node)?.fingerprint;
    return { ...node, pin: !pinned ? 'new' : pinned === node.fingerprint ? 'match' : 'changed' };
  });
}

/** The fingerprints a person may accept: nodes whose certificate is new or differs from the pinned one. */
export function fingerprintsToAccept(nodes: readonly TestedNode[]): Array<{ node: string; fingerprint: string }> {
  return nodes.flatMap((node) => (node.fingerprint && (node.pin === 'new' || node.pin === 'changed') ? [{ node: node.node, fingerprint: node.fingerprint }] : []));
}

/**
 * Which node probably answers at the server's address, for accepting a changed certificate when the
 * test stopped before it could ask the API: the only pinned node, or the node named like the host's
 * first label (`pve1.example.com` → `pve1`), else the first pinned node.
 */
export function likelyEntryNode(host: string, pins: readonly NodePin[]): string | undefined {
  if (pins.length <= 1) return pins[0]?.node;
  const label = host.split('.')[0]?.toLowerCase();
  return pins.find((pin) => pin.node.toLowerCase() === label)?.node ?? pins[0]?.node;
}

export type HealthTone = 'ok' | 'bad' | 'warn' | 'neutral';

/** The stored health status (`online`, `degraded`, `offline`) as a label and a tone; null means never checked. */
export function healthOf(status: string | null): { tone: HealthTone; label: string } {
  if (status === null || status.trim() === '') return { tone: 'neutral', label: 'Not checked yet' };
  const normalized = status.trim().toLowerCase();
  if (['online', 'ok', 'up', 'healthy', 'reachable'].includes(normalized)) return { tone: 'ok', label: 'Online' };
  if (normalized === 'degraded') return { tone: 'warn', label: 'Degraded' };
  if (['offline', 'down', 'unreachable', 'error', 'failed', 'failure'].includes(normalized)) return { tone: 'bad', label: 'Offline' };
  return { tone: 'warn', label: normalized.charAt(0).toUpperCase() + normalized.slice(1).replaceAll(/[-_]/g, ' ') };
}

/** How the product's tailscaled reached the server at its last check, in words. */
export function describeTailnetPath(path: { kind: 'direct' | 'derp' | 'idle'; relay: string | null }): string {
  switch (path.kind) {
    case 'direct':
      return 'Direct (peer to peer)';
    case 'derp':
      return `Relayed through DERP${path.relay ? ` (${path.relay})` : ''}: slower than direct; check UDP between the sites`;
    case 'idle':
      return 'Idle (no traffic since the last check)';
  }
}
