import { createHash } from 'node:crypto';

/** `prevHash` of the first entry of every chain: 32 zero bytes. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

/**
 * Names the hashing scheme inside every hash input, so a future scheme can be told apart (and a hash
 * computed for something else can never pass for an audit entry's).
 */
export const AUDIT_HASH_SCHEME = 'pve-nexus.audit-entry.v1';

/** Every stored field of an audit entry that the hash covers: all of them but the hash itself. */
export interface AuditHashFields {
  id: string;
  chain: string;
  seq: bigint;
  tenantId: string | null;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  /** A plain JSON object, as stored in the `details` jsonb column (see `storableDetails`). */
  details: unknown;
  /** Whole milliseconds, as `timestamptz(3)` keeps it. */
  createdAt: Date;
  prevHash: Uint8Array;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so the same
 * value always gives the same text, whatever order its keys were written or read back in (jsonb
 * reorders them). Accepts only JSON values: plain objects, arrays, strings, finite numbers, booleans,
 * null; object properties that are `undefined` are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      const prototype: unknown = Object.getPrototypeOf(value);
      // A Date or a Buffer would otherwise serialise as `{}` and two different values would hash alike.
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError('canonicalJson: only plain objects are JSON objects');
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
}

/**
 * The text an entry's hash is computed over: every field, named, in canonical JSON. Naming each field
 * (rather than joining values with a separator) means no value can be crafted to shift into its
 * neighbour; absent optional fields are `null`, never left out.
 */
export function auditHashInput(fields: AuditHashFields): string {
  return canonicalJson({
    scheme: AUDIT_HASH_SCHEME,
    id: fields.id,
    chain: fields.chain,
    seq: fields.seq.toString(),
    tenantId: fields.tenantId,
    actorType: fields.actorType,
    actorId: fields.actorId,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    outcome: fields.outcome,
    requestId: fields.requestId,
    details: fields.details,
    createdAt: fields.createdAt.toISOString(),
    prevHash: Buffer.from(fields.prevHash).toString('hex'),
  });
}

/** SHA-256 of {@link auditHashInput}: the entry's `hash`, and the next entry's `prevHash`. */
export function auditEntryHash(fields: AuditHashFields): Uint8Array {
  return new Uint8Array(createHash('sha256').update(auditHashInput(fields), 'utf8').digest());
}

/** Byte-wise equality of two hashes. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
