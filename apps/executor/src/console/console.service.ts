import { Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import type { ConsoleRpc, ConsoleTicket, RequestMeta, RpcRequestData } from '@pve-nexus/contracts';
import { requireTenant } from '@pve-nexus/messaging';
import { proxmoxRefusal } from '../fleet/proxmox-refusal.util.js';
import { ServerConnections } from '../fleet/server-connections.service.js';
import { ProxmoxConsoleRepository } from './proxmox-console.repository.js';

/** How long Proxmox's console worker waits for its WebSocket (`$timeout = 10` in vncproxy/termproxy). */
const WORKER_ACCEPT_MS = 10_000;
/**
 * Taken off that window for `acceptBy`: the relay still has to redeem the token and dial the
 * server (perhaps through the tailnet) before the worker gives up on it.
 */
const ACCEPT_SAFETY_MARGIN_MS = 2_000;
/** RFB's VNC Authentication reads only the first 8 bytes of a password (RFC 6143, 7.2.2). */
const VNC_PASSWORD_BYTES = 8;

/** Proxmox console tickets: one per connect and per reconnect, since each worker accepts one WebSocket. */
@Injectable()
export class ConsoleService {
  constructor(
    private readonly connections: ServerConnections,
    private readonly proxmox: ProxmoxConsoleRepository,
  ) {}

  async ticket(request: RpcRequestData<typeof ConsoleRpc.ticket>, meta: RequestMeta): Promise<ConsoleTicket> {
    const tenantId = requireTenant(meta);
    // Viewers get tickets too; the gateway marks their grant view-only and the relay enforces it.
    authorize(meta.actor, 'console.view', { tenantId });
    // Not cached: every console open leaves its own credential.decrypt audit entry.
    const connection = await this.connections.fresh(meta, request.serverId, 'console');
    const requestedAt = Date.now();
    const acceptBy = requestedAt + WORKER_ACCEPT_MS - ACCEPT_SAFETY_MARGIN_MS;
    // A ticket arriving after acceptBy could not be used anyway.
    const budgetMs = acceptBy - requestedAt;
    const [proxy, guestName] = await Promise.all([
      this.proxmox.openProxy(connection, request, budgetMs).catch((error: unknown) => {
        throw proxmoxRefusal(error);
      }),
      // Only a label for listings: a console opens without it.
      this.proxmox.guestName(connection, request, budgetMs).catch(() => undefined),
    ]);
    // Without a generated password (LXC's vncterm, or a PVE without generate-password) the ticket
    // is the VNC password; its first 8 bytes are all VNC Authentication reads, so the browser
    // never needs the rest of the ticket.
    const password = request.protocol === 'vnc' ? (proxy.password ?? proxy.ticket.slice(0, VNC_PASSWORD_BYTES)) : undefined;
    return {
      node: request.node,
      port: proxy.port,
      ticket: proxy.ticket,
      pveUser: proxy.user,
      upid: proxy.upid,
      acceptBy,
      ...(password ? { password } : {}),
      ...(guestName ? { guestName: guestName.slice(0, 200) } : {}),
    };
  }
}
