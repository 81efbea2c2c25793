import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import {
  NexusError,
  type BulkActionReply,
  type BulkGuest,
  type BulkGuestResult,
  type BulkOutcome,
  type FleetBulkRpc,
  type RequestMeta,
  type RpcRequestData,
  type ServerConnection,
} from '@pve-nexus/contracts';
import { requireTenant } from '@pve-nexus/messaging';
import type { PveClusterResource } from '@pve-nexus/proxmox-client';
import { runBounded } from './bounded.util.js';
import { planGuest, type GuestPlan } from './bulk-plan.util.js';
import { FLEET_OPTIONS, FLEET_BULK_DEFAULTS, type FleetOptions } from './fleet.options.js';
import { ProxmoxFleetRepository } from './proxmox-fleet.repository.js';
import { proxmoxRefusal } from './proxmox-refusal.util.js';
import { ServerConnections } from './server-connections.service.js';
import { TaskTracker } from './task-tracker.service.js';

type BulkRequest = RpcRequestData<typeof FleetBulkRpc.bulkAction>;

/** One involved server's current state, or why it could not be read. */
type ServerState = { ok: true; connection: ServerConnection; byVmid: Map<number, PveClusterResource> } | { ok: false; reason: string };

interface Planned {
  index: number;
  guest: BulkGuest;
  resource: PveClusterResource | undefined;
  plan: GuestPlan;
  connection: ServerConnection | undefined;
}

/**
 * One power action over a selection of guests across servers.
 *
 * Each involved server is asked for its `/cluster/resources` on its own, concurrently (a bulkhead,
 * as for the list): an unreachable server makes its guests `invalid`, never the whole request. The
 * plan says per guest whether the action would run, has nothing to do, or cannot apply. Execution
 * then runs the runnable ones with bounded concurrency (`bulkConcurrency` overall, `bulkPerServer`
 * per server), each one on its own: a refusal fails that guest only. Every started task is followed
 * by the {@link TaskTracker}, so its events flow as for a single action.
 */
@Injectable()
export class FleetBulkService {
  constructor(
    private readonly connections: ServerConnections,
    private readonly proxmox: ProxmoxFleetRepository,
    private readonly tasks: TaskTracker,
    @Inject(FLEET_OPTIONS) private readonly options: FleetOptions,
  ) {}

  async bulkAction(request: BulkRequest, meta: RequestMeta): Promise<BulkActionReply> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'vm.operate', { tenantId });
    const { action, guests, dryRun } = request;
    const serverIds = [...new Set(guests.map((guest) => guest.serverId))];
    // A dry run reads through the cache; an execution decrypts once per server (one audit entry each, naming the action).
    const states = new Map(
      await Promise.all(serverIds.map(async (serverId) => [serverId, await this.serverState(meta, serverId, dryRun ? 'fleet-bulk-plan' : `vm-bulk-${action}`, !dryRun)] as const)),
    );
    const planned: Planned[] = guests.map((guest, index) => {
      const state = states.get(guest.serverId)!;
      if (!state.ok) return { index, guest, resource: undefined, plan: { outcome: 'invalid', reason: state.reason }, connection: undefined };
      const resource = state.byVmid.get(guest.vmid);
      return { index, guest, resource, plan: planGuest(action, guest, resource), connection: state.connection };
    });

    const results: BulkGuestResult[] = planned.map(({ guest, resource, plan }) => ({
      serverId: guest.serverId,
      node: guest.node,
      vmid: guest.vmid,
      type: guest.type,
      name: resource?.name ?? null,
      currentStatus: resource?.status ?? null,
      outcome: plan.outcome,
      ...(plan.outcome === 'would-run' ? {} : { reason: plan.reason }),
    }));

    if (!dryRun) {
      for (const result of results) {
        if (result.outcome === 'skip') result.outcome = 'skipped';
        else if (result.outcome === 'invalid') result.outcome = 'failed';
      }
      const runnable = planned.filter((entry) => entry.plan.outcome === 'would-run');
      const limits = {
        overall: this.options.bulkConcurrency ?? FLEET_BULK_DEFAULTS.bulkConcurrency,
        perKey: this.options.bulkPerServer ?? FLEET_BULK_DEFAULTS.bulkPerServer,
      };
      const settled = await runBounded(runnable, (entry) => entry.guest.serverId, limits, (entry) => this.run(tenantId, action, entry));
      settled.forEach((outcome, i) => {
        const result = results[runnable[i]!.index]!;
        if (outcome.status === 'fulfilled') {
          result.outcome = 'started';
          result.upid = outcome.value;
        } else {
          result.outcome = 'failed';
          const error = proxmoxRefusal(outcome.reason);
          result.reason = error instanceof Error ? error.message : String(error);
        }
      });
    }

    const counts: Partial<Record<BulkOutcome, number>> = {};
    for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    return { dryRun, action, results, counts };
  }

  private async run(tenantId: string, action: BulkRequest['action'], entry: Planned): Promise<string> {
    const { guest } = entry;
    const connection = entry.connection!;
    const upid = await this.proxmox.powerAction(connection, { node: guest.node, type: guest.type, vmid: guest.vmid, action });
    this.tasks.follow(tenantId, guest.serverId, guest.node, upid, connection, { type: guest.type, vmid: guest.vmid, action });
    return upid;
  }

  /** Never rejects: a failure becomes the reason every guest of that server is invalid. */
  private async serverState(meta: RequestMeta, serverId: string, purpose: string, fresh: boolean): Promise<ServerState> {
    let connection: ServerConnection;
    try {
      connection = fresh ? await this.connections.fresh(meta, serverId, purpose) : await this.connections.get(meta, serverId, purpose);
    } catch (error) {
      if (error instanceof NexusError && error.code === 'NOT_FOUND') return { ok: false, reason: 'unknown server' };
      return { ok: false, reason: `the server's connection could not be read: ${(error as Error).message}` };
    }
    try {
      const resources = await this.proxmox.guests(connection, connection.connectTimeoutMs);
      const byVmid = new Map(resources.filter((resource) => resource.type === 'qemu' || resource.type === 'lxc').map((resource) => [resource.vmid, resource]));
      return { ok: true, connection, byVmid };
    } catch (error) {
      const refusal = proxmoxRefusal(error);
      return { ok: false, reason: `server unreachable: ${refusal instanceof Error ? refusal.message : String(refusal)}` };
    }
  }
}
