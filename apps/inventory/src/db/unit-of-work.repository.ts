import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Prisma, type PrismaClient } from '@pve-nexus/db';

/** A database transaction, opaque to services: they pass it from one repository call to the next. */
export type Tx = Prisma.TransactionClient;

/** Runs a change and its audit entries in one transaction: both happen, or neither. */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** `timeoutMs`: how long the transaction may run (Prisma's default is 5 s; bulk imports need more). */
  run<T>(work: (tx: Tx) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return this.prisma.$transaction(work, options.timeoutMs ? { timeout: options.timeoutMs, maxWait: 10_000 } : undefined);
  }
}
