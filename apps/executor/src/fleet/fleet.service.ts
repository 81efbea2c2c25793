import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import {
  connectionVersion,
  FleetRpc,
  NexusError,
  ServerRpc,
  type FleetList,
  type FleetServerStatus,
  type GuestView,
  type RequestMeta,
  type RpcRequestData,
  type ServerView,
  type TaskView,
} from '@pve-nexus/contracts';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { ProxmoxError, type PveClusterResource } from '@pve-nexus/proxmox-client';
import { fleetListDeadlineMs } from './fleet-deadline.util.js';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';
import { ProxmoxFleetRepository } from './proxmox-fleet.repository.js';
import { proxmoxRefusal } from './proxmox-refusal.util.js';
import { ServerConnections } from './server-connections.service.js';
import { TaskTracker, taskView } from './task-tracker.service.js';

const PAGE = 500;

interface ServerAnswer {
  status: FleetServerStatus;
  guests: GuestView[];
}

/**
 * The tenant's fleet: every guest of every server, power actions and their tasks.
 *
 * The list is a bulkhead: each server is asked on its own, concurrently, with its own deadline (its
 * connect timeout, or the one learned for it), and its failure becomes an error entry for that
 * server only. A hung server costs the list at most its own timeout and never delays the others.
 */
@Injectable()
export class FleetService {
  constructor(
    private readonly bus: BusClient,
    private readonly connections: ServerConnections,
    private readonly proxmox: ProxmoxFleetRepository,
    private readonly tasks: TaskTracker,
    @Inject(FLEET_OPTIONS) private readonly options: FleetOptions,
  ) {}

  async list(meta: RequestMeta): Promise<FleetList> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'vm.read', { tenantId });
    // Each page's servers are asked as soon as the page arrives, while the next page is read.
    const answers: Promise<ServerAnswer>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bus.request(ServerRpc.list, { limit: PAGE, ...(cursor ? { cursor } : {}) }, meta);
      answers.push(...page.servers.map((server) => this.ask(server, meta)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const settled = await Promise.allSettled(answers);
    const servers: FleetServerStatus[] = [];
    const guests: GuestView[] = [];
    for (const outcome of settled) {
      // ask() never rejects; a rejection here would be a bug, and must not hide the other servers.
      if (outcome.status === 'rejected') continue;
      servers.push(outcome.value.status);
      guests.push(...outcome.value.guests);
    }
    return { guests, servers };
  }

  async action(request: RpcRequestData<typeof FleetRpc.action>, meta: RequestMeta): Promise<{ upid: string }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'vm.operate', { tenantId });
    // Not cached: every action leaves its own credential.decrypt audit entry, naming the action.
    const connection = await this.connections.fresh(meta, request.serverId, `vm-${request.action}`);
    let upid: string;
    try {
      upid = await this.proxmox.powerAction(connection, request);
    } catch (error) {
      throw proxmoxRefusal(error);
    }
    this.tasks.follow(tenantId, request.serverId, request.node, upid, connection, { type: request.type, vmid: request.vmid, action: request.action });
    return { upid };
  }

  async task(request: RpcRequestData<typeof FleetRpc.task>, meta: RequestMeta): Promise<TaskView> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'task.read', { tenantId });
    const followed = this.tasks.get(tenantId, request.serverId, request.upid);
    if (followed) return followed;
    const connection = await this.connections.get(meta, request.serverId, 'task-status');
    try {
      return taskView(await this.proxmox.taskStatus(connection, request.node, request.upid, connection.connectTimeoutMs));
    } catch (error) {
      throw proxmoxRefusal(error);
    }
  }

  /** One server's guests, or why not: never rejects, never takes longer than the server's deadline. */
  private async ask(server: ServerView, meta: RequestMeta): Promise<ServerAnswer> {
    const started = performance.now();
    const timeoutMs = fleetListDeadlineMs(server, this.options.listMinTimeoutMs);
    const left = () => Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
    const failed = (reason: NonNullable<FleetServerStatus['error']>['reason'], message: string): ServerAnswer => ({
      status: { serverId: server.id, name: server.name, status: 'error', error: { reason, message }, latencyMs: elapsed(started), guestCount: 0 },
      guests: [],
    });
    let connection;
    try {
      const version = connectionVersion(server);
      connection = await this.connections.get(meta, server.id, 'fleet-list', { version, timeoutMs: left() });
    } catch (error) {
      return failed('credentials', error instanceof NexusError ? error.message : 'the server connection could not be read');
    }
    try {
      const resources = await this.proxmox.guests(connection, left());
      const guests = resources
        .filter((resource) => resource.type === 'qemu' || resource.type === 'lxc')
        .map((resource) => guestView(server, resource))
        .sort((a, b) => a.vmid - b.vmid);
      return { status: { serverId: server.id, name: server.name, status: 'ok', latencyMs: elapsed(started), guestCount: guests.length }, guests };
    } catch (error) {
      if (error instanceof ProxmoxError) return failed(error.reason, error.message);
      return failed('protocol', (error as Error).message);
    }
  }
}

function guestView(server: ServerView, resource: PveClusterResource): GuestView {
  return {
    serverId: server.id,
    serverName: server.name,
    node: resource.node,
    vmid: resource.vmid,
    type: resource.type as GuestView['type'],
    name: resource.name ?? `${resource.type === 'lxc' ? 'CT' : 'VM'} ${resource.vmid}`,
    status: resource.status,
    tags: resource.tags ? resource.tags.split(/[;, ]+/).filter(Boolean) : [],
    cpu: resource.cpu,
    maxcpu: resource.maxcpu,
    mem: resource.mem,
    maxmem: resource.maxmem,
    uptime: resource.uptime,
    template: resource.template,
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
