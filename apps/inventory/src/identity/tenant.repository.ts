import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { TenantRole } from '@pve-nexus/contracts';
import type { MemberRow, TenantRow } from './identity.rows.js';
import type { Tx } from '../db/unit-of-work.repository.js';

@Injectable()
export class TenantRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  listAll(): Promise<TenantRow[]> {
    return this.prisma.tenant.findMany({ orderBy: { name: 'asc' } });
  }

  listOfUser(userId: string): Promise<TenantRow[]> {
    return this.prisma.tenant.findMany({ where: { memberships: { some: { userId } } }, orderBy: { name: 'asc' } });
  }

  findById(id: string): Promise<TenantRow | null> {
    return this.prisma.tenant.findUnique({ where: { id } });
  }

  create(tx: Tx, data: { slug: string; name: string; serverQuota: number }): Promise<TenantRow> {
    return tx.tenant.create({ data });
  }

  update(tx: Tx, id: string, data: Partial<Pick<TenantRow, 'name' | 'active' | 'deactivatedAt'>>): Promise<TenantRow> {
    return tx.tenant.update({ where: { id }, data });
  }

  listMembers(tenantId: string): Promise<MemberRow[]> {
    return this.prisma.membership.findMany({
      where: { tenantId },
      select: { role: true, createdAt: true, user: true },
      orderBy: { user: { email: 'asc' } },
    });
  }

  findMemberByEmail(tenantId: string, email: string): Promise<MemberRow | null> {
    return this.prisma.membership.findFirst({ where: { tenantId, user: { email } }, select: { role: true, createdAt: true, user: true } });
  }

  findMember(tx: Tx, tenantId: string, userId: string): Promise<MemberRow | null> {
    return tx.membership.findUnique({
      where: { tenantId_userId: { tenantId, userId } },
      select: { role: true, createdAt: true, user: true },
    });
  }

  putMember(tx: Tx, tenantId: string, userId: string, role: TenantRole): Promise<MemberRow> {
    return tx.membership.upsert({
      where: { tenantId_userId: { tenantId, userId } },
      update: { role },
      create: { tenantId, userId, role },
      select: { role: true, createdAt: true, user: true },
    });
  }

  async removeMember(tx: Tx, tenantId: string, userId: string): Promise<boolean> {
    const { count } = await tx.membership.deleteMany({ where: { tenantId, userId } });
    return count === 1;
  }

  countAdmins(tx: Tx, tenantId: string): Promise<number> {
    return tx.membership.count({ where: { tenantId, role: 'admin' } });
  }
}
