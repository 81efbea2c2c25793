import { describe, expect, it } from '@jest/globals';
import { DecryptionError, open, reseal, seal } from './envelope.js';
import { KeyRing, KeyRingError } from './key-ring.js';

const oldEntry = KeyRing.generateEntry(new Date('2025-01-01'));
const newEntry = KeyRing.generateEntry(new Date('2026-11-22'));

describe('key ring', () => {
  it('encrypts with the first key and decrypts with any', () => {
    const before = KeyRing.parse(oldEntry);
    const sealed = seal(before, 'root@pam!ci=1f2e3d4c', 'credential:1');
    const during = KeyRing.parse(`${newEntry},${oldEntry}`);
    expect(open(during, sealed, 'credential:1')).toBe('root@pam!ci=1f2e3d4c');
    expect(seal(during, 'x', 'c').keyId).toBe(during.active.id);
  });

  it('re-encrypts under the new key, after which the old key can go', () => {
    const during = KeyRing.parse(`${newEntry},${oldEntry}`);
    const old = seal(KeyRing.parse(oldEntry), 'secret', 'credential:2');
    const rotated = reseal(during, old, 'credential:2');
    expect(rotated?.keyId).toBe(during.active.id);
    expect(open(KeyRing.parse(newEntry), rotated!, 'credential:2')).toBe('secret');
    expect(reseal(during, rotated!, 'credential:2')).toBeNull();
  });

  it('never reuses a nonce and never shows the plaintext', () => {
    const ring = KeyRing.parse(newEntry);
    const a = seal(ring, 'same', 'c');
    const b = seal(ring, 'same', 'c');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.toString('latin1')).not.toContain('same');
  });

  it('refuses tampering, another row, and unknown keys', () => {
    const ring = KeyRing.parse(newEntry);
    const sealed = seal(ring, 'secret', 'credential:3');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[14] = (flipped[14] ?? 0) ^ 1;
    expect(() => open(ring, { ...sealed, ciphertext: flipped }, 'credential:3')).toThrow(DecryptionError);
    expect(() => open(ring, sealed, 'credential:4')).toThrow(DecryptionError);
    expect(() => open(KeyRing.parse(oldEntry), sealed, 'credential:3')).toThrow(/not in the key ring/);
  });

  it('rejects malformed rings with every problem and without echoing keys', () => {
    expect(() => KeyRing.parse(undefined)).toThrow(KeyRingError);
    let error: KeyRingError | undefined;
    try {
      KeyRing.parse('Bad Id:c2hvcnQ=,k1:c2hvcnQ=');
    } catch (caught) {
      error = caught as KeyRingError;
    }
    expect(error?.problems).toHaveLength(3);
    expect(error?.message).not.toContain('c2hvcnQ');
  });
});
