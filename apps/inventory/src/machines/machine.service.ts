import { Injectable } from '@nestjs/common';
import { MachineRpc, NexusError, type MachineView, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { requireTenant } from '@pve-nexus/messaging';
import { actorColumns } from '../audit/audit-record.js';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { isUniqueViolation } from '../identity/prisma-errors.repository.js';
import { MachineRepository, type MachineRow } from './machine.repository.js';

export type ImportRequest = RpcRequestData<typeof MachineRpc.importDevices>;

/** A tenant's machines: imported from its tailnet (discovery resolves the devices first) or added by hand. */
@Injectable()
export class MachineService {
  constructor(
    private readonly machines: MachineRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async list(meta: RequestMeta): Promise<{ machines: MachineView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'machine.read', { tenantId });
    return { machines: (await this.machines.list(tenantId)).map(toMachineView) };
  }

  /** All or none; a device imported before (same device id or MagicDNS name) is a CONFLICT naming its machine. */
  async importDevices(request: ImportRequest, meta: RequestMeta): Promise<{ machines: MachineView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'machine.manage', { tenantId });
    const rows = request.machines.map((machine) => ({
      displayName: machine.displayName,
      hostname: machine.hostname,
      tailscaleDeviceId: machine.deviceId,
      machineType: machine.machineType,
      tdpWatts: machine.tdpWatts ?? null,
      category: machine.category ?? null,
    }));
    const created = await this.uow
      .run(async (tx) => {
        const clashes = await this.machines.clashes(tx, tenantId, rows.map((row) => row.tailscaleDeviceId), rows.map((row) => row.hostname));
        if (clashes.length > 0) throw alreadyImported(clashes, rows);
        const machines = await this.machines.create(tx, tenantId, rows, actorColumns(meta.actor).actorId);
        for (const machine of machines) {
          await this.audit.append(
            { tenantId, actor: meta.actor, action: 'machine.import', outcome: 'success', targetType: 'machine', targetId: machine.id, requestId: meta.requestId, details: { displayName: machine.displayName, hostname: machine.hostname, deviceId: machine.tailscaleDeviceId } },
            tx,
          );
        }
        return machines;
      })
      .catch((error: unknown) => {
        // Two imports of the same device at once: the unique index decides, the loser hears why.
        if (isUniqueViolation(error)) throw new NexusError('CONFLICT', 'One of these devices was imported at the same moment by someone else; reload the list');
        throw error;
      });
    return { machines: created.map(toMachineView) };
  }

  async remove(machineId: string, meta: RequestMeta): Promise<Record<string, never>> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'machine.manage', { tenantId });
    await this.uow.run(async (tx) => {
      const removed = await this.machines.remove(tx, tenantId, machineId);
      if (!removed) throw new NexusError('NOT_FOUND', 'No such machine');
      await this.audit.append({ tenantId, actor: meta.actor, action: 'machine.remove', outcome: 'success', targetType: 'machine', targetId: machineId, requestId: meta.requestId, details: { displayName: removed.displayName, hostname: removed.hostname } }, tx);
    });
    return {};
  }
}

function alreadyImported(clashes: MachineRow[], rows: { tailscaleDeviceId: string; hostname: string }[]): NexusError {
  const issues = clashes.map((machine) => {
    const index = rows.findIndex((row) => row.tailscaleDeviceId === machine.tailscaleDeviceId || row.hostname === machine.hostname);
    return { path: `devices.${index}.deviceId`, message: `already imported as “${machine.displayName}” (${machine.hostname})` };
  });
  const names = clashes.map((machine) => `“${machine.displayName}”`).join(', ');
  return new NexusError('CONFLICT', `Already imported: ${names}`, issues);
}

export function toMachineView(row: MachineRow): MachineView {
  return {
    id: row.id,
    displayName: row.displayName,
    hostname: row.hostname,
    tailscaleDeviceId: row.tailscaleDeviceId,
    machineType: row.machineType,
    tdpWatts: row.tdpWatts,
    category: row.category,
    source: row.tailscaleDeviceId ? 'tailscale' : 'manual',
    createdAt: row.createdAt.toISOString(),
  };
}
