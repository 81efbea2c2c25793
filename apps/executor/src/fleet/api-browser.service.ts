import { Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import { AuditRpc, checkProxmoxApiPath, NexusError, type ApiBrowseReply, type ApiBrowseRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { ProxmoxFleetRepository } from './proxmox-fleet.repository.js';
import { proxmoxRefusal } from './proxmox-refusal.util.js';
import { ServerConnections } from './server-connections.service.js';

/**
 * The read-only Proxmox API browser: a GET of a whitelisted path on one server, audited.
 *
 * The path is checked here again ({@link checkProxmoxApiPath}), whatever the gateway did: the
 * executor holds the API token, so it is the last place able to refuse. Every browse (allowed,
 * refused or failed) is appended to the audit log as `server.api.browse` with the path; the data
 * is only returned once its audit entry is written.
 */
@Injectable()
export class ApiBrowserService {
  constructor(
    private readonly bus: BusClient,
    private readonly connections: ServerConnections,
    private readonly proxmox: ProxmoxFleetRepository,
  ) {}

  async get(request: RpcRequestData<typeof ApiBrowseRpc.get>, meta: RequestMeta): Promise<ApiBrowseReply> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.api.browse', { tenantId });
    const verdict = checkProxmoxApiPath(request.path);
    if (!verdict.ok) {
      await this.audit(meta, request.serverId, request.path, 'denied', verdict.reason);
      throw new NexusError('VALIDATION', `This path cannot be browsed: ${verdict.reason}`, [{ path: 'params.path', message: verdict.reason }]);
    }
    let data: unknown;
    try {
      const connection = await this.connections.get(meta, request.serverId, 'api-browse');
      data = await this.proxmox.browse(connection, verdict.path, connection.connectTimeoutMs + 10_000);
    } catch (error) {
      await this.audit(meta, request.serverId, verdict.path, 'failure', (error as Error).message);
      throw proxmoxRefusal(error);
    }
    await this.audit(meta, request.serverId, verdict.path, 'success');
    return { path: verdict.path, data };
  }

  private async audit(meta: RequestMeta, serverId: string, path: string, outcome: 'success' | 'failure' | 'denied', reason?: string): Promise<void> {
    await this.bus.request(
      AuditRpc.append,
      { action: 'server.api.browse', outcome, targetType: 'server', targetId: serverId, details: { path: path.slice(0, 600), ...(reason ? { reason: reason.slice(0, 300) } : {}) } },
      meta,
    );
  }
}
