import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import { Upid, type GuestType, type ServerConnection } from '@pve-nexus/contracts';
import { ProxmoxAgents, ProxmoxClient, PveClusterResource, PveTaskStatus, PveVersion } from '@pve-nexus/proxmox-client';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';

const GuestStatusCurrent = z.object({ status: z.string(), qmpstatus: z.string().optional() });

/**
 * The fleet's Proxmox calls, through one long-lived pool per effective endpoint shared by every
 * request: keep-alive connections are reused between lists, and a slow or hung server only fills
 * its own pool, never another server's.
 */
@Injectable()
export class ProxmoxFleetRepository implements OnApplicationShutdown {
  private readonly agents: ProxmoxAgents;

  constructor(@Inject(FLEET_OPTIONS) options: FleetOptions) {
    this.agents = new ProxmoxAgents(options.access, options.connectionsPerServer);
  }

  /** Every VM and container of the server's cluster. */
  guests(connection: ServerConnection, timeoutMs: number): Promise<PveClusterResource[]> {
    return this.client(connection).get('/cluster/resources?type=vm', z.array(PveClusterResource), { timeoutMs });
  }

  /** Starts a power action; Proxmox answers with the worker task's id. */
  powerAction(connection: ServerConnection, target: { node: string; type: GuestType; vmid: number; action: string }): Promise<string> {
    const path = `/nodes/${encodeURIComponent(target.node)}/${target.type}/${target.vmid}/status/${target.action}`;
    return this.client(connection).post(path, {}, Upid);
  }

  /** A guest's current state (`status/current`): `paused` for a suspended VM, else Proxmox's `status`. */
  async guestStatus(connection: ServerConnection, target: { node: string; type: GuestType; vmid: number }, timeoutMs: number): Promise<string> {
    const path = `/nodes/${encodeURIComponent(target.node)}/${target.type}/${target.vmid}/status/current`;
    const current = await this.client(connection).get(path, GuestStatusCurrent, { timeoutMs });
    return current.qmpstatus === 'paused' ? 'paused' : current.status;
  }

  taskStatus(connection: ServerConnection, node: string, upid: string, timeoutMs: number): Promise<PveTaskStatus> {
    return this.client(connection).get(`/nodes/${encodeURIComponent(node)}/tasks/${encodeURIComponent(upid)}/status`, PveTaskStatus, { timeoutMs });
  }

  /**
   * Any read for the API browser: `path` must come from `checkProxmoxApiPath` (normalised,
   * whitelisted). Answers Proxmox's `data`, whatever JSON it is.
   */
  browse(connection: ServerConnection, path: string, timeoutMs: number): Promise<unknown> {
    return this.client(connection).get(path, z.unknown(), { timeoutMs });
  }

  /** GET /version: the cheapest authenticated call, used by health checks. */
  version(connection: ServerConnection, timeoutMs: number): Promise<z.infer<typeof PveVersion>> {
    return this.client(connection).get('/version', PveVersion, { timeoutMs });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agents.close(true);
  }

  private client(connection: ServerConnection): ProxmoxClient {
    return new ProxmoxClient(connection, this.agents);
  }
}
