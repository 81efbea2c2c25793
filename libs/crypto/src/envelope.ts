import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring.js';

/** What is stored: the key id, and nonce || ciphertext || tag. */
export interface Sealed {
  keyId: string;
  ciphertext: Buffer;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Decryption failed: unknown key id, or the ciphertext, its context or its tag do not match. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/**
 * AES-256-GCM with a random 96-bit nonce. `context` is authenticated but not stored (the row's id
 * and purpose): a ciphertext copied into another row does not decrypt there.
 */
export function seal(ring: KeyRing, plaintext: string, context: string): Sealed {
  const { id, key } = ring.active;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: id, ciphertext: Buffer.concat([nonce, body, cipher.getAuthTag()]) };
}

export function open(ring: KeyRing, sealed: Sealed, context: string): string {
  const key = ring.key(sealed.keyId);
  if (!key) throw new DecryptionError(`key "${sealed.keyId}" is not in the key ring`);
  if (sealed.ciphertext.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError('ciphertext too short');
  const nonce = sealed.ciphertext.subarray(0, NONCE_BYTES);
  const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
  const body = sealed.ciphertext.subarray(NONCE_BYTES, sealed.ciphertext.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('ciphertext does not authenticate (tampered, or wrong context)');
  }
}

/** Re-encrypts under the ring's active key; a no-op answer when it already is. */
export function reseal(ring: KeyRing, sealed: Sealed, context: string): Sealed | null {
  if (sealed.keyId === ring.active.id) return null;
  return seal(ring, open(ring, sealed, context), context);
}
