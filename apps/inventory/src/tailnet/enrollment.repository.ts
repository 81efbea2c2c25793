import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { EnrollmentView } from '@pve-nexus/contracts';

interface EnrollmentRow {
  id: string;
  authKeyId: string;
  expectedHostname: string | null;
  tags: string[];
  createdAt: Date;
  expiresAt: Date;
  enrolledDeviceId: string | null;
  enrolledName: string | null;
  enrolledAt: Date | null;
}

/** Auth keys minted through the product, and the devices that joined with them. */
@Injectable()
export class EnrollmentRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async create(tenantId: string, values: { authKeyId: string; expectedHostname: string | null; tags: string[]; expiresAt: Date; createdById: string }): Promise<EnrollmentView> {
    return toView(await this.prisma.enrollment.create({ data: { tenantId, ...values } }));
  }

  async list(tenantId: string): Promise<EnrollmentView[]> {
    const rows = await this.prisma.enrollment.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 });
    return rows.map(toView);
  }

  /** Marks the enrollment done (the first device to appear wins); null when it does not exist. */
  async complete(tenantId: string, id: string, device: { deviceId: string; name: string }): Promise<{ enrollment: EnrollmentView; changed: boolean } | null> {
    const updated = await this.prisma.enrollment.updateMany({
      where: { tenantId, id, enrolledAt: null },
      data: { enrolledDeviceId: device.deviceId, enrolledName: device.name, enrolledAt: new Date() },
    });
    const row = await this.prisma.enrollment.findFirst({ where: { tenantId, id } });
    return row ? { enrollment: toView(row), changed: updated.count === 1 } : null;
  }
}

function toView(row: EnrollmentRow): EnrollmentView {
  return {
    id: row.id,
    authKeyId: row.authKeyId,
    expectedHostname: row.expectedHostname,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    enrolled: row.enrolledDeviceId && row.enrolledName && row.enrolledAt ? { deviceId: row.enrolledDeviceId, name: row.enrolledName, at: row.enrolledAt.toISOString() } : null,
  };
}
