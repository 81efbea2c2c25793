import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { InvitationView, TenantRole } from '@pve-nexus/contracts';
import type { Tx } from '../db/unit-of-work.repository.js';

const withTenant = { tenant: { select: { name: true } } } as const;

interface InvitationRow {
  id: string;
  tenantId: string;
  email: string;
  role: TenantRole;
  createdAt: Date;
  expiresAt: Date;
  tenant: { name: string };
}

/** Pending invitations to tenants, by tenant and e-mail address. */
@Injectable()
export class InvitationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Creates the invitation, or renews the pending one of the same address (new role, new expiry). */
  async upsert(tx: Tx, values: { tenantId: string; email: string; role: TenantRole; invitedById: string; expiresAt: Date }): Promise<InvitationView> {
    const row = await tx.memberInvitation.upsert({
      where: { tenantId_email: { tenantId: values.tenantId, email: values.email } },
      create: values,
      update: { role: values.role, invitedById: values.invitedById, expiresAt: values.expiresAt, createdAt: new Date() },
      include: withTenant,
    });
    return toInvitationView(row);
  }

  async ofTenant(tenantId: string, now: Date): Promise<InvitationView[]> {
    const rows = await this.prisma.memberInvitation.findMany({ where: { tenantId, expiresAt: { gt: now } }, include: withTenant, orderBy: [{ email: 'asc' }] });
    return rows.map(toInvitationView);
  }

  async ofEmail(email: string, now: Date): Promise<InvitationView[]> {
    const rows = await this.prisma.memberInvitation.findMany({ where: { email, expiresAt: { gt: now }, tenant: { active: true } }, include: withTenant, orderBy: [{ createdAt: 'desc' }] });
    return rows.map(toInvitationView);
  }

  async find(tx: Tx, id: string): Promise<InvitationView | null> {
    const row = await tx.memberInvitation.findUnique({ where: { id }, include: withTenant });
    return row ? toInvitationView(row) : null;
  }

  async remove(tx: Tx, id: string): Promise<void> {
    await tx.memberInvitation.delete({ where: { id } });
  }
}

function toInvitationView(row: InvitationRow): InvitationView {
  return { id: row.id, tenantId: row.tenantId, tenantName: row.tenant.name, email: row.email, role: row.role, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
}
