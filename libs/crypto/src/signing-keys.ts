import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** A fresh Ed25519 pair as configuration carries it: base64 PKCS#8 DER (private) and SPKI DER (public). */
export function generateSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** An Ed25519 private key from base64 PKCS#8 DER. Throws (without the value) on anything else. */
export function parseSigningKey(base64: string): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** An Ed25519 public key from base64 SPKI DER. Throws (without the value) on anything else. */
export function parseVerifyKey(base64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

/** `<base64url JSON of claims>.<base64url Ed25519 signature of that first part>`. */
export function signClaims(key: KeyObject, claims: object): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${sign(null, Buffer.from(body), key).toString('base64url')}`;
}

/** The claims of a {@link signClaims} token, unverified; undefined when it is not one. */
export function peekClaims(token: string): unknown {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Whether `key` signed `token` (a {@link signClaims} token). */
export function signedBy(token: string, key: KeyObject): boolean {
  const [body, signature] = token.split('.');
  return Boolean(body && signature) && verify(null, Buffer.from(body!), key, Buffer.from(signature!, 'base64url'));
}
