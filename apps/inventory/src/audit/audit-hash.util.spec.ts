import { describe, expect, it } from '@jest/globals';
import { AUDIT_HASH_SCHEME, auditEntryHash, auditHashInput, canonicalJson, GENESIS_HASH, sameHash, type AuditHashFields } from './audit-hash.util.js';

const entry: AuditHashFields = {
  id: '0b6f7c1e-4d0a-4b8e-9d3f-1c2a3b4c5d6e',
  chain: '11111111-1111-4111-8111-111111111111',
  seq: 7n,
  tenantId: '11111111-1111-4111-8111-111111111111',
  actorType: 'user',
  actorId: '33333333-3333-4333-8333-333333333333',
  action: 'tenant.rename',
  targetType: 'tenant',
  targetId: '11111111-1111-4111-8111-111111111111',
  outcome: 'success',
  requestId: 'req-1',
  details: { from: 'Old', to: 'New', nested: { b: [1, { d: 2, c: 3 }], a: null } },
  createdAt: new Date('2026-03-04T05:06:07.089Z'),
  prevHash: new Uint8Array(32).fill(0xab),
};

const hex = (fields: AuditHashFields) => Buffer.from(auditEntryHash(fields)).toString('hex');

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ z: 1, a: { n: [1, 2], m: true } })).toBe(canonicalJson({ a: { m: true, n: [1, 2] }, z: 1 }));
  });

  it('leaves undefined properties out, keeps nulls, and escapes strings as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: null, c: 'quote " and \n' })).toBe('{"b":null,"c":"quote \\" and \\n"}');
  });

  it('refuses what jsonb would not give back identically', () => {
    expect(() => canonicalJson({ at: new Date() })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(Buffer.from('x'))).toThrow(TypeError);
  });
});

describe('the hash of an audit entry', () => {
  it('covers every field under their names, with the scheme', () => {
    const input = JSON.parse(auditHashInput(entry)) as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual(
      ['scheme', 'id', 'chain', 'seq', 'tenantId', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'outcome', 'requestId', 'details', 'createdAt', 'prevHash'].sort(),
    );
    expect(input).toMatchObject({ scheme: AUDIT_HASH_SCHEME, seq: '7', createdAt: '2026-03-04T05:06:07.089Z', prevHash: 'ab'.repeat(32) });
  });

  it('is a SHA-256, stable across calls and across key order in details', () => {
    expect(auditEntryHash(entry)).toHaveLength(32);
    expect(hex(entry)).toBe(hex({ ...entry }));
    expect(hex(entry)).toBe(hex({ ...entry, details: { nested: { a: null, b: [1, { c: 3, d: 2 }] }, to: 'New', from: 'Old' } }));
  });

  it('changes when any single field changes', () => {
    const changes: Array<Partial<AuditHashFields>> = [
      { id: '0b6f7c1e-4d0a-4b8e-9d3f-1c2a3b4c5d6f' },
      { chain: 'global' },
      { seq: 8n },
      { tenantId: null },
      { actorType: 'api-key' },
      { actorId: '33333333-3333-4333-8333-333333333334' },
      { action: 'tenant.renamed' },
      { targetType: null },
      { targetId: 'other' },
      { outcome: 'failure' },
      { requestId: null },
      { details: { from: 'Old', to: 'Newer', nested: { b: [1, { d: 2, c: 3 }], a: null } } },
      { details: { from: 'Old', to: 'New', nested: { b: [{ d: 2, c: 3 }, 1], a: null } } },
      { createdAt: new Date('2026-03-04T05:06:07.090Z') },
      { prevHash: new Uint8Array(32).fill(0xac) },
    ];
    const original = hex(entry);
    const seen = new Set([original]);
    for (const change of changes) {
      const changed = hex({ ...entry, ...change });
      expect({ change: Object.keys(change)[0], differs: changed !== original }).toEqual({ change: Object.keys(change)[0], differs: true });
      seen.add(changed);
    }
    expect(seen.size).toBe(changes.length + 1);
  });

  it('tells a null field from an empty one, and cannot be fooled by moving text between fields', () => {
    expect(hex({ ...entry, targetType: null })).not.toBe(hex({ ...entry, targetType: '' }));
    expect(hex({ ...entry, targetType: 'ab', targetId: 'c' })).not.toBe(hex({ ...entry, targetType: 'a', targetId: 'bc' }));
  });

  it('starts every chain from 32 zero bytes', () => {
    expect(sameHash(GENESIS_HASH, new Uint8Array(32))).toBe(true);
    expect(sameHash(GENESIS_HASH, new Uint8Array(31))).toBe(false);
  });
});
