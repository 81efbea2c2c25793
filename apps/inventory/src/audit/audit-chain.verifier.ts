import type { AuditVerifyReport } from '@pve-nexus/contracts';
import { auditEntryHash, GENESIS_HASH, sameHash, type AuditHashFields } from './audit-hash.util.js';

/** One problem found in a chain (the contract's `AuditProblem`). */
export type AuditChainProblem = AuditVerifyReport['problems'][number];

/** An entry as read back from the database: the hashed fields and the stored hash. */
export interface StoredAuditEntry extends AuditHashFields {
  hash: Uint8Array;
}

/** The result of a verification, with the problems that were counted but not listed. */
export interface AuditVerification extends AuditVerifyReport {
  /** Problems beyond the listing limit: found and counted (so `ok` is false), not listed. */
  unlistedProblems: number;
}

/**
 * Collects problems up to a limit: a tampered `seq` can open a gap of billions of "missing" entries,
 * and the report still has to fit in one bus reply. Everything is counted; the first `max` are listed.
 */
export class AuditProblemLog {
  readonly problems: AuditChainProblem[] = [];
  private total = 0;

  /** @param max how many problems to list; default 1000. */
  constructor(private readonly max = 1_000) {}

  /** Counts one problem, and lists it while under the limit. */
  add(problem: AuditChainProblem): void {
    this.total += 1;
    if (this.problems.length < this.max) this.problems.push(problem);
  }

  /** Every seq from `first` to `last` (inclusive) is missing from `chain`. */
  addMissing(chain: string, first: bigint, last: bigint): void {
    for (let seq = first; seq <= last && this.problems.length < this.max; seq += 1n) {
      this.problems.push({ chain, entryId: null, seq: seq.toString(), problem: 'missing-entry' });
    }
    this.total += Number(last - first + 1n);
  }

  /** The report of a whole verification. */
  report(chainsChecked: number, entriesChecked: number): AuditVerification {
    return {
      ok: this.total === 0,
      chainsChecked,
      entriesChecked,
      problems: this.problems,
      unlistedProblems: this.total - this.problems.length,
    };
  }
}

/**
 * Checks one chain, fed its entries in ascending `seq` order (in as many batches as the caller likes,
 * so memory stays bounded). For each entry: its recomputed hash must equal its stored hash (else it
 * was modified: `hash-mismatch`), its `seq` must follow the previous one (else entries were deleted:
 * `missing-entry` for each absent seq), and its `prevHash` must equal the previous entry's stored hash
 * (else an entry was replaced or re-hashed: `broken-link`).
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  /** The stored hash of the entry before the next one; null after a gap, where it is unknown. */
  private previousHash: Uint8Array | null = GENESIS_HASH;
  private checked = 0;

  constructor(
    readonly chain: string,
    private readonly log: AuditProblemLog,
  ) {}

  /** Entries checked so far. */
  get entriesChecked(): number {
    return this.checked;
  }

  /** Checks the next entry of the chain (entries must come in ascending seq order). */
  check(entry: StoredAuditEntry): void {
    this.checked += 1;
    const at = { chain: this.chain, entryId: entry.id, seq: entry.seq.toString() };
    if (!sameHash(auditEntryHash(entry), entry.hash)) this.log.add({ ...at, problem: 'hash-mismatch' });

    if (entry.seq > this.expectedSeq) {
      this.log.addMissing(this.chain, this.expectedSeq, entry.seq - 1n);
      // The missing entry's hash is unknown, so this entry's link cannot be judged: the gap is the problem.
      this.previousHash = null;
    } else if (entry.seq < this.expectedSeq) {
      // Only a seq below 1 gets here (rows come sorted and unique): the entry is out of any valid place.
      this.log.add({ ...at, problem: 'broken-link' });
      this.previousHash = null;
    }
    if (this.previousHash !== null && !sameHash(entry.prevHash, this.previousHash)) {
      this.log.add({ ...at, problem: 'broken-link' });
    }

    this.previousHash = entry.hash;
    if (entry.seq >= this.expectedSeq) this.expectedSeq = entry.seq + 1n;
  }
}
