import { Inject, Injectable } from '@nestjs/common';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { ServerRpc, type ConsoleGrant, type EffectiveEndpoint, type ServerConnection } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { connectSecurely } from '@pve-nexus/proxmox-client';
import { actingAs } from './acting-as.util.js';
import { MessageHold } from './message-hold.js';
import { RELAY_OPTIONS, type RelayOptions } from './relay.options.js';

/** How long a closing handshake may take before the socket is dropped (ws waits 30 s by default). */
export const CLOSE_TIMEOUT_MS = 5_000;

/** An open Proxmox console WebSocket, its messages held until the session takes them. */
export interface UpstreamConsole {
  socket: WebSocket;
  hold: MessageHold;
}

/**
 * The Proxmox side of a console: the server's connection from inventory (as the grant's actor,
 * audited there), its effective endpoint dialled and trusted like every Proxmox call, and the
 * `vncwebsocket` of the node that issued the ticket. For `term`, the relay logs in to termproxy
 * itself, so the ticket never reaches the browser.
 */
@Injectable()
export class ProxmoxConsoleRepository {
  constructor(
    private readonly bus: BusClient,
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
  ) {}

  async open(grant: ConsoleGrant): Promise<UpstreamConsole> {
    const connection = await this.bus.request(ServerRpc.connection, { serverId: grant.serverId, purpose: 'console' }, actingAs(grant));
    const { socket: tls, endpoint } = await connectSecurely(connection, this.options.access);
    const upstream = await this.upgrade(vncWebSocketUrl(endpoint, grant), tls, connection);
    if (grant.protocol === 'term') await termLogin(upstream, grant, connection.connectTimeoutMs);
    return upstream;
  }

  private upgrade(url: string, tls: TLSSocket, connection: ServerConnection): Promise<UpstreamConsole> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, ['binary'], {
        // The TLS socket is already connected and verified: ws sends its upgrade request over it.
        createConnection: () => tls,
        headers: { authorization: `PVEAPIToken=${connection.apiToken}` },
        perMessageDeflate: false,
        handshakeTimeout: connection.connectTimeoutMs,
        maxPayload: this.options.maxMessageBytes,
        closeTimeout: CLOSE_TIMEOUT_MS,
      } as WebSocket.ClientOptions);
      const hold = new MessageHold(socket);
      const fail = (error: Error) => {
        tls.destroy();
        // ws's messages name the status or the socket error, never the URL (it holds the ticket).
        reject(new Error(`console WebSocket: ${error.message}`));
      };
      socket.once('error', fail);
      socket.once('open', () => {
        socket.off('error', fail);
        // An error is always followed by 'close', which the session handles.
        socket.on('error', () => undefined);
        resolve({ socket, hold });
      });
    });
  }
}

/** `wss://<endpoint>/api2/json/nodes/<node>/<qemu|lxc>/<vmid>/vncwebsocket?port=..&vncticket=..` */
function vncWebSocketUrl(endpoint: EffectiveEndpoint, grant: ConsoleGrant): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const query = new URLSearchParams({ port: String(grant.port), vncticket: grant.ticket });
  return `wss://${host}:${endpoint.port}/api2/json/nodes/${encodeURIComponent(grant.node)}/${grant.guestType}/${grant.vmid}/vncwebsocket?${query}`;
}

/** termproxy's first message is `<user>:<ticket>\n`, answered by `OK` (output may follow in the same message). */
async function termLogin(upstream: UpstreamConsole, grant: ConsoleGrant, timeoutMs: number): Promise<void> {
  upstream.socket.send(Buffer.from(`${grant.pveUser}:${grant.ticket}\n`, 'utf8'));
  const answer = await upstream.hold.read(2, timeoutMs).catch((error: Error) => {
    upstream.socket.terminate();
    throw new Error(`termproxy login: ${error.message}`);
  });
  if (answer.toString('latin1') !== 'OK') {
    upstream.socket.terminate();
    throw new Error('termproxy refused the login');
  }
}
