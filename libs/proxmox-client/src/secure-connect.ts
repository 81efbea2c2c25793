import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { EffectiveEndpoint, ServerConnection } from '@pve-nexus/contracts';
import { dial, effectiveEndpoint, type TailnetAccess } from '@pve-nexus/reachability';
import { defaultPolicy } from './proxmox.client.js';
import { secure } from './tls-trust.js';

/**
 * A TLS connection to a server's effective endpoint, reached and trusted exactly as the API
 * client's are (tailnet access, then CA or pinned fingerprints), for what undici does not carry:
 * the console WebSocket. Dial and handshake share the server's connect timeout.
 */
export async function connectSecurely(connection: ServerConnection, access: TailnetAccess): Promise<{ socket: TLSSocket; endpoint: EffectiveEndpoint }> {
  const endpoint = effectiveEndpoint(connection);
  const socket = await dial(endpoint, access, { timeoutMs: connection.connectTimeoutMs, ...(connection.egress ? { egress: connection.egress } : {}) });
  const servername = isIP(endpoint.host) ? undefined : endpoint.host;
  return { socket: await secure(socket, servername, defaultPolicy(connection), () => undefined, connection.connectTimeoutMs), endpoint };
}
