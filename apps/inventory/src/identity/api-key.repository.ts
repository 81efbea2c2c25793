import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { TenantRole } from '@pve-nexus/contracts';
import type { ApiKeyRow, TenantRow } from './identity.rows.js';
import type { Tx } from '../db/unit-of-work.repository.js';

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  list(tenantId: string): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
  }

  findWithTenant(id: string): Promise<(ApiKeyRow & { tenant: TenantRow }) | null> {
    return this.prisma.apiKey.findUnique({ where: { id }, include: { tenant: true } });
  }

  create(tx: Tx, data: { id: string; tenantId: string; name: string; role: TenantRole; secretHash: Buffer; prefix: string; createdById?: string; expiresAt?: Date }): Promise<ApiKeyRow> {
    return tx.apiKey.create({ data: { ...data, secretHash: new Uint8Array(data.secretHash) } });
  }

  /** Revokes a key of this tenant (again is a no-op); null when the tenant has no such key. */
  async revoke(tx: Tx, tenantId: string, id: string): Promise<ApiKeyRow | null> {
    await tx.apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
    return tx.apiKey.findFirst({ where: { id, tenantId } });
  }

  /** Records use at most once a minute per key, so authentication stays a read. */
  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
