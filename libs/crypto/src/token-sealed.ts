import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DecryptionError } from './envelope.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A new bearer token: 32 random bytes, base64url (43 characters). */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `token` has the shape {@link newBearerToken} makes (checked before any lookup). */
export function isBearerToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** The SHA-256 of a token, hex: what a store keys its record by, so the store never holds the token. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function keyFor(token: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), Buffer.alloc(0), `pve-nexus ${purpose}`, 32));
}

/**
 * Seals a record with AES-256-GCM under a key derived (HKDF) from the bearer token that unlocks it.
 * Why: a short-lived record in a shared store (a console grant in Redis) then reveals nothing to
 * whoever reads the store; only the holder of the token, who may use the record anyway, can open it.
 */
export function sealWithToken(token: string, purpose: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(token, purpose), nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

export function openWithToken(token: string, purpose: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(token, purpose), bytes.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('the record does not open with this token');
  }
}
