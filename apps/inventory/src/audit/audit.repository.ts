import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditOutcome } from '@pve-nexus/contracts';
import { PRISMA, Prisma, PrismaClient } from '@pve-nexus/db';
import { AuditProblemLog, ChainVerifier, type AuditVerification, type StoredAuditEntry } from './audit-chain.verifier.js';
import { storableDetails } from './audit-details.util.js';
import { auditEntryHash, GENESIS_HASH, type AuditHashFields } from './audit-hash.util.js';
import { actorColumns, chainOf, type AuditRecord } from './audit-record.js';

/**
 * A database transaction that an audit entry can join, so the entry commits (or rolls back) with the
 * change it records. Other modules get it from their own repository's `$transaction`.
 */
export type AuditTransaction = Prisma.TransactionClient;

/** Filters of an audit query; every one given must match. */
export interface AuditFilter {
  /** Exact action, or every action starting with a prefix (`user.` for `user.*`). */
  action?: { equals: string } | { startsWith: string };
  actorId?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  /** Entries created at or after this instant. */
  from?: Date;
  /** Entries created at or before this instant. */
  to?: Date;
}

/** One page of a chain, newest first. */
export interface AuditEntryPage {
  entries: StoredAuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: bigint | null;
}

/** Options of {@link AuditRepository.verify}. */
export interface AuditVerifyOptions {
  /** Only this chain (a tenant id or "global"); default every chain that has entries. */
  chain?: string;
  /** Entries read per query; default 1000 (bounds the memory, whatever the chain's length). */
  batchSize?: number;
  /** Problems listed in the report (all are counted); default 1000. */
  maxProblems?: number;
}

// Appends wait for their chain's lock while holding a pooled connection: under a burst they queue
// behind each other, so their transactions get more room than Prisma's 2 s / 5 s defaults.
const OWN_TRANSACTION = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * The advisory-lock key of a chain: the first 64 bits of a SHA-256 of its name, namespaced so no
 * other use of advisory locks in this database collides with it by accident.
 */
function chainLockKey(chain: string): bigint {
  return BigInt.asIntN(64, createHash('sha256').update(`pve-nexus:audit-chain:${chain}`).digest().readBigUInt64BE(0));
}

/** The audit log in PostgreSQL: hash-chained appends, filtered pages, and verification of the chains. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Appends one entry at the end of its chain, inside `tx` when given (the entry then commits with the
   * caller's change and holds the chain's lock until then, so call it last), else in a transaction of
   * its own. Expects READ COMMITTED (Prisma's default): the chain's last entry is read after the lock
   * is taken, so it is the one the previous append committed.
   */
  async append(record: AuditRecord, tx?: AuditTransaction): Promise<{ id: string; seq: bigint }> {
    if (tx) return this.appendIn(tx, record);
    return this.prisma.$transaction((own) => this.appendIn(own, record), OWN_TRANSACTION);
  }

  private async appendIn(tx: AuditTransaction, record: AuditRecord): Promise<{ id: string; seq: bigint }> {
    const chain = chainOf(record.tenantId);
    // Serialises appends to one chain (across every replica) until this transaction ends; other chains
    // are not held up. The unique (chain, seq) index would refuse a fork anyway, but as an error.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${chainLockKey(chain)})`;
    const last = await tx.auditEntry.findFirst({ where: { chain }, orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });

    const fields: AuditHashFields = {
      id: randomUUID(),
      chain,
      seq: last ? last.seq + 1n : 1n,
      tenantId: record.tenantId === null ? null : record.tenantId.toLowerCase(),
      ...actorColumns(record.actor),
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      outcome: record.outcome,
      requestId: record.requestId ?? null,
      details: storableDetails(record.details),
      // Set here, not by the column default, because the hash covers it; a Date has whole
      // milliseconds, exactly what timestamptz(3) keeps.
      createdAt: new Date(),
      prevHash: last ? last.hash : GENESIS_HASH,
    };
    await tx.auditEntry.create({
      data: {
        ...fields,
        outcome: record.outcome,
        details: fields.details as Prisma.InputJsonObject,
        prevHash: new Uint8Array(fields.prevHash),
        hash: new Uint8Array(auditEntryHash(fields)),
      },
      select: { id: true },
    });
    return { id: fields.id, seq: fields.seq };
  }

  /** A page of one chain, newest first; `before` is the `nextCursor` of the previous page (keyset on seq). */
  async query(chain: string, filter: AuditFilter, page: { limit: number; before?: bigint }): Promise<AuditEntryPage> {
    const rows = await this.prisma.auditEntry.findMany({
      where: {
        chain,
        action: filter.action,
        actorId: filter.actorId,
        targetId: filter.targetId,
        outcome: filter.outcome,
        createdAt: { gte: filter.from, lte: filter.to },
        seq: page.before === undefined ? undefined : { lt: page.before },
      },
      orderBy: { seq: 'desc' },
      // One more than asked tells whether another page exists without counting.
      take: page.limit + 1,
    });
    const entries = rows.slice(0, page.limit);
    return { entries, nextCursor: rows.length > page.limit ? (entries.at(-1)?.seq ?? null) : null };
  }

  /**
   * Recomputes every chain (or one) from its first entry, in batches, and reports each modified entry
   * (`hash-mismatch`), each absent seq (`missing-entry`) and each wrong link (`broken-link`).
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    const batchSize = options.batchSize ?? 1_000;
    const chains = options.chain === undefined ? await this.chains() : [options.chain];
    const log = new AuditProblemLog(options.maxProblems);
    let entriesChecked = 0;
    for (const chain of chains) {
      const verifier = new ChainVerifier(chain, log);
      // No lower bound at first: a seq tampered below 1 must be seen too.
      let after: bigint | undefined;
      for (;;) {
        const batch = await this.prisma.auditEntry.findMany({
          where: { chain, seq: after === undefined ? undefined : { gt: after } },
          orderBy: { seq: 'asc' },
          take: batchSize,
        });
        for (const entry of batch) verifier.check(entry);
        const lastSeq = batch.at(-1)?.seq;
        if (batch.length < batchSize || lastSeq === undefined) break;
        after = lastSeq;
      }
      entriesChecked += verifier.entriesChecked;
    }
    return log.report(chains.length, entriesChecked);
  }

  /** Every chain that has at least one entry. */
  private async chains(): Promise<string[]> {
    const groups = await this.prisma.auditEntry.groupBy({ by: ['chain'], orderBy: { chain: 'asc' } });
    return groups.map((group) => group.chain);
  }
}
