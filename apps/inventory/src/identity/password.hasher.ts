import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended profile (19 MiB, 2 iterations, 1 lane): about 25 ms here,
 * slow enough against offline guessing, fast enough for logins. Parameters travel in the PHC string,
 * so raising them later does not invalidate stored hashes.
 */
// `Algorithm` is an ambient const enum, which isolated-module compilers (SWC) cannot inline: 2 is Argon2id.
const ARGON2ID = 2;
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export function verifyPassword(phc: string, password: string): Promise<boolean> {
  return verify(phc, password).catch(() => false);
}
