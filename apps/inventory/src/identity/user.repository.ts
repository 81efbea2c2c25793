import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { GlobalRole } from '@pve-nexus/contracts';
import type { MembershipRow, UserRow } from './identity.rows.js';
import type { Tx } from '../db/unit-of-work.repository.js';

@Injectable()
export class UserRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findByEmail(email: string): Promise<UserRow | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  findById(id: string, tx: Tx = this.prisma): Promise<UserRow | null> {
    return tx.user.findUnique({ where: { id } });
  }

  list(): Promise<UserRow[]> {
    return this.prisma.user.findMany({ orderBy: { email: 'asc' } });
  }

  memberships(userId: string): Promise<MembershipRow[]> {
    return this.prisma.membership.findMany({
      where: { userId },
      select: { role: true, tenant: true },
      orderBy: { tenant: { name: 'asc' } },
    });
  }

  create(tx: Tx, data: { email: string; displayName: string; passwordHash: string; globalRole: GlobalRole; mustChangePassword: boolean }): Promise<UserRow> {
    return tx.user.create({ data });
  }

  update(tx: Tx, id: string, data: Partial<Pick<UserRow, 'displayName' | 'globalRole' | 'active' | 'passwordHash' | 'mustChangePassword'>>): Promise<UserRow> {
    return tx.user.update({ where: { id }, data });
  }

  delete(tx: Tx, id: string): Promise<unknown> {
    return tx.user.delete({ where: { id } });
  }

  /** Active global administrators; the last one may not be demoted, deactivated or deleted. */
  countActiveAdmins(tx: Tx): Promise<number> {
    return tx.user.count({ where: { globalRole: 'admin', active: true } });
  }

  recordLogin(tx: Tx, id: string): Promise<unknown> {
    return tx.user.update({ where: { id }, data: { lastLoginAt: new Date() } });
  }
}
