import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Prisma, type PrismaClient } from '@pve-nexus/db';
import type { DeviceEventKind, DeviceEventView } from '@pve-nexus/contracts';

export interface NewDeviceEvent {
  deviceId: string;
  deviceName: string;
  kind: DeviceEventKind;
  at: Date;
  details: Record<string, unknown>;
}

/** The history of a tenant's tailnet devices. */
@Injectable()
export class DeviceEventRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async record(tenantId: string, events: NewDeviceEvent[]): Promise<void> {
    await this.prisma.deviceEvent.createMany({
      data: events.map((event) => ({ tenantId, ...event, details: event.details as Prisma.InputJsonObject })),
    });
  }

  async list(tenantId: string, query: { deviceId?: string; limit: number }): Promise<DeviceEventView[]> {
    const rows = await this.prisma.deviceEvent.findMany({
      where: { tenantId, ...(query.deviceId ? { deviceId: query.deviceId } : {}) },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: query.limit,
    });
    return rows.map((row) => ({
      id: row.id,
      deviceId: row.deviceId,
      deviceName: row.deviceName,
      kind: row.kind as DeviceEventKind,
      at: row.at.toISOString(),
      details: row.details as Record<string, unknown>,
    }));
  }
}
