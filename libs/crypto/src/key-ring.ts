import { randomBytes } from 'node:crypto';

/** One AES-256 key and the id stored next to everything it encrypted. */
export interface RingKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const KEY_BYTES = 32;

/** Raised when `NEXUS_ENCRYPTION_KEY` is missing or malformed; names every problem, never a key. */
export class KeyRingError extends Error {
  constructor(readonly problems: string[]) {
    super(`NEXUS_ENCRYPTION_KEY: ${problems.join('; ')}`);
    this.name = 'KeyRingError';
  }
}

/**
 * The keys a process may use: the first encrypts (the active key), all of them decrypt. Rotation
 * adds a new key in front, re-encrypts (`npm run keys:rotate`), then drops the old one; processes
 * with either ring keep working throughout.
 *
 * Format of `NEXUS_ENCRYPTION_KEY`: `id:base64key[,id:base64key...]`, ids lower-case, keys 32 bytes.
 */
export class KeyRing {
  private readonly byId: Map<string, Buffer>;

  private constructor(readonly keys: readonly RingKey[]) {
    this.byId = new Map(keys.map((key) => [key.id, key.key]));
  }

  static parse(value: string | undefined): KeyRing {
    if (!value?.trim()) throw new KeyRingError(['not set (generate one with `npm run keys:generate`)']);
    const problems: string[] = [];
    const keys: RingKey[] = [];
    value.split(',').forEach((entry, index) => {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator).trim();
      const key = Buffer.from(entry.slice(separator + 1).trim(), 'base64');
      if (separator <= 0 || !KEY_ID.test(id)) problems.push(`entry ${index + 1}: id must match ${KEY_ID.source}`);
      else if (keys.some((existing) => existing.id === id)) problems.push(`entry ${index + 1}: id "${id}" repeated`);
      if (key.length !== KEY_BYTES) problems.push(`entry ${index + 1}: key must be ${KEY_BYTES} bytes of base64`);
      keys.push({ id, key });
    });
    if (problems.length > 0) throw new KeyRingError(problems);
    return new KeyRing(keys);
  }

  /** A new ring entry, as `npm run keys:generate` prints it. */
  static generateEntry(now = new Date()): string {
    const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
    return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
  }

  get active(): RingKey {
    const [first] = this.keys;
    if (!first) throw new KeyRingError(['empty']);
    return first;
  }

  key(id: string): Buffer | undefined {
    return this.byId.get(id);
  }
}
