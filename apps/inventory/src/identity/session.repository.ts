import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { SessionRow } from './identity.rows.js';
import type { Tx } from '../db/unit-of-work.repository.js';

const sessionFields = { id: true, userId: true, expiresAt: true, revokedAt: true } as const;

@Injectable()
export class SessionRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(tx: Tx, data: { userId: string; refreshHash: Buffer; expiresAt: Date; ip?: string; userAgent?: string }): Promise<SessionRow> {
    return tx.session.create({ data: { ...data, refreshHash: new Uint8Array(data.refreshHash) }, select: sessionFields });
  }

  findById(id: string): Promise<SessionRow | null> {
    return this.prisma.session.findUnique({ where: { id }, select: sessionFields });
  }

  findByRefreshHash(refreshHash: Buffer): Promise<SessionRow | null> {
    return this.prisma.session.findUnique({ where: { refreshHash: new Uint8Array(refreshHash) }, select: sessionFields });
  }

  /** The session whose previous refresh token this is: someone replayed a rotated token. */
  findByPreviousHash(previousRefreshHash: Buffer): Promise<SessionRow | null> {
    return this.prisma.session.findFirst({ where: { previousRefreshHash: new Uint8Array(previousRefreshHash) }, select: sessionFields });
  }

  /**
   * Replaces the refresh token only if it is still `current`: of two concurrent refreshes with the
   * same token, exactly one wins. Returns false for the loser.
   */
  async rotate(id: string, current: Buffer, next: Buffer): Promise<boolean> {
    const { count } = await this.prisma.session.updateMany({
      where: { id, refreshHash: new Uint8Array(current), revokedAt: null },
      data: { refreshHash: new Uint8Array(next), previousRefreshHash: new Uint8Array(current), lastUsedAt: new Date() },
    });
    return count === 1;
  }

  async revoke(id: string, tx: Tx = this.prisma): Promise<boolean> {
    const { count } = await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return count === 1;
  }

  /** Revokes every live session of a user except `keepId` (the caller's own, after a password change); returns their ids. */
  async revokeAllOfUser(tx: Tx, userId: string, keepId?: string): Promise<string[]> {
    const revoked = await tx.session.updateManyAndReturn({
      where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
      data: { revokedAt: new Date() },
      select: { id: true },
    });
    return revoked.map((session) => session.id);
  }
}
