import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { MachineType } from '@pve-nexus/contracts';
import type { Tx } from '../db/unit-of-work.repository.js';

export interface MachineRow {
  id: string;
  displayName: string;
  hostname: string;
  tailscaleDeviceId: string | null;
  machineType: MachineType;
  tdpWatts: number | null;
  category: string | null;
  createdAt: Date;
}

export type NewMachine = Omit<MachineRow, 'id' | 'createdAt'>;

const machineColumns = { id: true, displayName: true, hostname: true, tailscaleDeviceId: true, machineType: true, tdpWatts: true, category: true, createdAt: true } as const;

/** A tenant's machines. */
@Injectable()
export class MachineRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  list(tenantId: string): Promise<MachineRow[]> {
    return this.prisma.machine.findMany({ where: { tenantId }, select: machineColumns, orderBy: [{ displayName: 'asc' }, { id: 'asc' }] });
  }

  /** Machines of the tenant that already hold one of these device ids or host names. */
  clashes(tx: Tx, tenantId: string, deviceIds: string[], hostnames: string[]): Promise<MachineRow[]> {
    return tx.machine.findMany({
      where: { tenantId, OR: [{ tailscaleDeviceId: { in: deviceIds } }, { hostname: { in: hostnames } }] },
      select: machineColumns,
    });
  }

  async create(tx: Tx, tenantId: string, machines: NewMachine[], createdById: string): Promise<MachineRow[]> {
    const created: MachineRow[] = [];
    for (const machine of machines) {
      created.push(await tx.machine.create({ data: { tenantId, createdById, ...machine }, select: machineColumns }));
    }
    return created;
  }

  async remove(tx: Tx, tenantId: string, id: string): Promise<MachineRow | null> {
    const row = await tx.machine.findFirst({ where: { tenantId, id }, select: machineColumns });
    if (row) await tx.machine.delete({ where: { id } });
    return row;
  }
}
