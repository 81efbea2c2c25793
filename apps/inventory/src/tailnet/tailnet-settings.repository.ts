import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { Sealed } from '@pve-nexus/crypto';
import type { Tx } from '../db/unit-of-work.repository.js';

export interface TailnetSettingsRow {
  tenantId: string;
  control: 'tailscale' | 'headscale';
  method: string;
  tailnet: string | null;
  url: string | null;
  magicDnsSuffix: string | null;
  user: string | null;
  clientId: string | null;
  secretHint: string;
  credentialId: string;
  updatedAt: Date;
}

export type TailnetSettingsValues = Omit<TailnetSettingsRow, 'tenantId' | 'credentialId' | 'updatedAt'> & { updatedBy: string };

/** A tenant's tailnet settings row and the sealed credential row it points at. */
@Injectable()
export class TailnetSettingsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  find(tenantId: string, tx: Tx = this.prisma): Promise<TailnetSettingsRow | null> {
    return tx.tailnetSettings.findUnique({ where: { tenantId } });
  }

  async sealedSecret(credentialId: string): Promise<Sealed | null> {
    const row = await this.prisma.credential.findUnique({ where: { id: credentialId }, select: { keyId: true, ciphertext: true } });
    return row ? { keyId: row.keyId, ciphertext: Buffer.from(row.ciphertext) } : null;
  }

  /** Replaces the settings and their secret; the previous credential row goes. */
  async save(tx: Tx, tenantId: string, values: TailnetSettingsValues, credential: { id: string; kind: 'tailscale_api_key' | 'tailscale_oauth_client'; sealed: Sealed }): Promise<void> {
    const previous = await tx.tailnetSettings.findUnique({ where: { tenantId }, select: { credentialId: true } });
    await tx.credential.create({
      data: { id: credential.id, tenantId, kind: credential.kind, keyId: credential.sealed.keyId, ciphertext: new Uint8Array(credential.sealed.ciphertext) },
    });
    await tx.tailnetSettings.upsert({
      where: { tenantId },
      create: { tenantId, ...values, credentialId: credential.id },
      update: { ...values, credentialId: credential.id },
    });
    if (previous) await tx.credential.delete({ where: { id: previous.credentialId } });
  }

  /** Removes the settings and their credential; false when there were none. */
  async remove(tx: Tx, tenantId: string): Promise<boolean> {
    const row = await tx.tailnetSettings.findUnique({ where: { tenantId }, select: { credentialId: true } });
    if (!row) return false;
    await tx.tailnetSettings.delete({ where: { tenantId } });
    await tx.credential.delete({ where: { id: row.credentialId } });
    return true;
  }

  /** Tenants with a tailnet, active ones only. */
  async tenantIds(): Promise<string[]> {
    const rows = await this.prisma.tailnetSettings.findMany({ where: { tenant: { active: true } }, select: { tenantId: true }, orderBy: { tenantId: 'asc' } });
    return rows.map((row) => row.tenantId);
  }
}
