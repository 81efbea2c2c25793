import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { Tx } from '../db/unit-of-work.repository.js';

export interface EgressPolicyRow {
  denyLinkLocal: boolean;
  deniedLoopbackPorts: number[];
  deniedRanges: string[];
  allowedRanges: string[];
  updatedAt: Date;
}

/** The installation's single egress policy row (id 1); absent while the defaults apply. */
@Injectable()
export class EgressPolicyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  find(tx: Tx = this.prisma): Promise<EgressPolicyRow | null> {
    return tx.egressPolicy.findUnique({ where: { id: 1 }, select: { denyLinkLocal: true, deniedLoopbackPorts: true, deniedRanges: true, allowedRanges: true, updatedAt: true } });
  }

  async save(tx: Tx, values: { denyLinkLocal: boolean; deniedLoopbackPorts: number[]; deniedRanges: string[]; allowedRanges: string[]; updatedBy: string }): Promise<void> {
    await tx.egressPolicy.upsert({ where: { id: 1 }, create: { id: 1, ...values }, update: values });
  }
}
