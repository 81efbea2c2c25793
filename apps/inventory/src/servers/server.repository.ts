import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { NewServer, ServerRow } from './server.rows.js';
import type { Tx } from '../db/unit-of-work.repository.js';

const withPins = { pins: { select: { node: true, fingerprint: true, acceptedAt: true }, orderBy: { node: 'asc' } } } as const;

@Injectable()
export class ServerRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** A page by name (unique per tenant): `after` is the last name of the previous page. */
  list(tenantId: string, page: { limit: number; after?: string } = { limit: 10_000 }): Promise<ServerRow[]> {
    return this.prisma.proxmoxServer.findMany({
      where: { tenantId, ...(page.after ? { name: { gt: page.after } } : {}) },
      include: withPins,
      orderBy: { name: 'asc' },
      take: page.limit,
    });
  }

  find(tenantId: string, id: string, tx: Tx = this.prisma): Promise<ServerRow | null> {
    return tx.proxmoxServer.findFirst({ where: { id, tenantId }, include: withPins });
  }

  /** Locks the tenant row: creations of one tenant queue here, so the quota holds under concurrency. */
  async lockQuota(tx: Tx, tenantId: string): Promise<{ quota: number; used: number }> {
    const [tenant] = await tx.$queryRaw<{ server_quota: number }[]>`SELECT server_quota FROM tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
    const used = await tx.proxmoxServer.count({ where: { tenantId } });
    return { quota: tenant?.server_quota ?? 0, used };
  }

  async names(tx: Tx, tenantId: string): Promise<Set<string>> {
    const rows = await tx.proxmoxServer.findMany({ where: { tenantId }, select: { name: true } });
    return new Set(rows.map((row) => row.name.toLowerCase()));
  }

  async create(tx: Tx, tenantId: string, servers: NewServer[]): Promise<void> {
    await tx.credential.createMany({
      data: servers.map((server) => ({
        id: server.credentialId,
        tenantId,
        kind: 'proxmox_api_token' as const,
        keyId: server.sealedToken.keyId,
        ciphertext: new Uint8Array(server.sealedToken.ciphertext),
      })),
    });
    await tx.proxmoxServer.createMany({
      data: servers.map(({ sealedToken: _sealed, ...server }) => ({ ...server, tenantId })),
    });
  }

  update(tx: Tx, id: string, changes: Partial<Omit<NewServer, 'id' | 'credentialId' | 'sealedToken'>>): Promise<ServerRow> {
    return tx.proxmoxServer.update({ where: { id }, data: changes, include: withPins });
  }

  async replaceToken(tx: Tx, credentialId: string, sealed: { keyId: string; ciphertext: Buffer }): Promise<void> {
    await tx.credential.update({ where: { id: credentialId }, data: { keyId: sealed.keyId, ciphertext: new Uint8Array(sealed.ciphertext), rotatedAt: new Date() } });
  }

  async delete(tx: Tx, server: ServerRow): Promise<void> {
    await tx.proxmoxServer.delete({ where: { id: server.id } });
    await tx.credential.delete({ where: { id: server.credentialId } });
  }

  async sealedToken(credentialId: string): Promise<{ keyId: string; ciphertext: Buffer } | null> {
    const row = await this.prisma.credential.findUnique({ where: { id: credentialId }, select: { keyId: true, ciphertext: true } });
    return row ? { keyId: row.keyId, ciphertext: Buffer.from(row.ciphertext) } : null;
  }

  async pin(tx: Tx, serverId: string, pins: { node: string; fingerprint: string }[], acceptedById: string): Promise<void> {
    for (const pin of pins) {
      await tx.serverNodePin.upsert({
        where: { serverId_node: { serverId, node: pin.node } },
        update: { fingerprint: pin.fingerprint, acceptedById, acceptedAt: new Date() },
        create: { serverId, node: pin.node, fingerprint: pin.fingerprint, acceptedById },
      });
    }
  }

  async clearPins(tx: Tx, serverId: string): Promise<void> {
    await tx.serverNodePin.deleteMany({ where: { serverId } });
  }
}
