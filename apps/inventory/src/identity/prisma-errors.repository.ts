import { Prisma } from '@pve-nexus/db';

/** A unique constraint refused the write (Prisma's P2002): the caller maps it to CONFLICT. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** The row to update or delete does not exist (P2025). */
export function isMissingRow(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}
