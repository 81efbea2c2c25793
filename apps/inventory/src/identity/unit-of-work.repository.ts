import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Prisma, type PrismaClient } from '@pve-nexus/db';

/** A database transaction, opaque to services: they pass it from one repository call to the next. */
export type Tx = Prisma.TransactionClient;

/** Runs a change and its audit entries in one transaction: both happen, or neither. */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }
}
