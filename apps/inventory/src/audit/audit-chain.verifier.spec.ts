import { describe, expect, it } from '@jest/globals';
import { AuditProblemLog, ChainVerifier, type StoredAuditEntry } from './audit-chain.verifier.js';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.util.js';

const CHAIN = 'global';

function chainOf(length: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  for (let i = 1; i <= length; i += 1) {
    const fields = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      chain: CHAIN,
      seq: BigInt(i),
      tenantId: null,
      actorType: 'system',
      actorId: 'test',
      action: 'user.login',
      targetType: null,
      targetId: null,
      outcome: 'success',
      requestId: null,
      details: { i },
      createdAt: new Date(1_700_000_000_000 + i),
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...fields, hash: auditEntryHash(fields) });
  }
  return entries;
}

function verify(entries: StoredAuditEntry[], maxProblems?: number) {
  const log = new AuditProblemLog(maxProblems);
  const verifier = new ChainVerifier(CHAIN, log);
  for (const entry of entries) verifier.check(entry);
  return log.report(1, verifier.entriesChecked);
}

describe('verifying one chain', () => {
  it('accepts an intact chain', () => {
    expect(verify(chainOf(5))).toEqual({ ok: true, chainsChecked: 1, entriesChecked: 5, problems: [], unlistedProblems: 0 });
  });

  it('finds a modified entry by its hash', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, outcome: 'failure' };
    expect(verify(entries).problems).toEqual([{ chain: CHAIN, entryId: entries[2]!.id, seq: '3', problem: 'hash-mismatch' }]);
  });

  it('finds a modified and re-hashed entry by the link of the next one', () => {
    const entries = chainOf(5);
    const forged = { ...entries[1]!, action: 'user.logout' };
    entries[1] = { ...forged, hash: auditEntryHash(forged) };
    expect(verify(entries).problems).toEqual([{ chain: CHAIN, entryId: entries[2]!.id, seq: '3', problem: 'broken-link' }]);
  });

  it('finds deleted entries as missing seqs, at the start, inside and in runs', () => {
    const entries = chainOf(8);
    const kept = entries.filter((entry) => ![1n, 4n, 5n].includes(entry.seq));
    expect(verify(kept).problems).toEqual([
      { chain: CHAIN, entryId: null, seq: '1', problem: 'missing-entry' },
      { chain: CHAIN, entryId: null, seq: '4', problem: 'missing-entry' },
      { chain: CHAIN, entryId: null, seq: '5', problem: 'missing-entry' },
    ]);
  });

  it('finds a first entry that does not start from the genesis hash', () => {
    const [first, ...rest] = chainOf(3);
    const forged = { ...first!, prevHash: new Uint8Array(32).fill(1) };
    expect(verify([{ ...forged, hash: auditEntryHash(forged) }, ...rest]).problems).toEqual([
      { chain: CHAIN, entryId: first!.id, seq: '1', problem: 'broken-link' },
      { chain: CHAIN, entryId: rest[0]!.id, seq: '2', problem: 'broken-link' },
    ]);
  });

  it('counts every problem but lists a bounded number (a seq tampered to a huge value)', () => {
    const entries = chainOf(3);
    entries[2] = { ...entries[2]!, seq: 1_000_000_000_000n };
    const report = verify(entries, 10);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(10);
    expect(report.problems[0]).toMatchObject({ problem: 'hash-mismatch', seq: '1000000000000' });
    expect(report.problems[1]).toEqual({ chain: CHAIN, entryId: null, seq: '3', problem: 'missing-entry' });
    expect(report.problems.length + report.unlistedProblems).toBe(1 + (1_000_000_000_000 - 3));
  });
});
