import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Actor, BUS_ACCESS, NexusError, ServiceName, type RequestMetaInput } from '@pve-nexus/contracts';
import { parseVerifyKey, peekClaims, signClaims, signedBy } from '@pve-nexus/crypto';

/** How long a per-request assertion is good for: long enough for one request's onward hops. */
export const ASSERTION_TTL_MS = 60_000;
/** Clock skew tolerated between services. */
const SKEW_MS = 5_000;

/**
 * The signed statement of who a bus request acts as: which service vouches (`iss`), for which actor
 * in which tenant, for which subjects (`aud`), until when (`exp`, epoch ms). A console assertion also
 * binds the one server (`srv`) its console is on.
 */
export const AssertionClaims = z.strictObject({
  iss: ServiceName,
  act: Actor,
  ten: z.uuid().optional(),
  aud: z.array(z.string().min(1).max(128)).min(1).max(16),
  srv: z.uuid().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AssertionClaims = z.infer<typeof AssertionClaims>;

/** A service's signing identity: its name and Ed25519 private key. */
export interface BusSigner {
  service: ServiceName;
  key: KeyObject;
}

/** The public key of every service, by name. */
export type BusPublicKeys = ReadonlyMap<ServiceName, KeyObject>;

/** NEXUS_BUS_PUBLIC_KEYS: `service=base64 SPKI DER`, comma-separated. */
export function parsePublicKeys(list: string): Map<ServiceName, KeyObject> {
  const keys = new Map<ServiceName, KeyObject>();
  for (const entry of list.split(',').map((item) => item.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const service = ServiceName.parse(entry.slice(0, at));
    keys.set(service, parseVerifyKey(entry.slice(at + 1)));
  }
  return keys;
}

/** Signs `claims` as `signer`, good for `ttlMs` from `now`. */
export function signAssertion(signer: BusSigner, claims: Omit<AssertionClaims, 'iss' | 'iat' | 'exp'>, ttlMs = ASSERTION_TTL_MS, now = Date.now()): string {
  return signClaims(signer.key, { ...claims, iss: signer.service, iat: now, exp: now + ttlMs });
}

/** The request identity a service may assert itself for a call on `subject` (a fresh assertion). */
export function assertionFor(signer: BusSigner, meta: RequestMetaInput, subject: string): string {
  return signAssertion(signer, { act: Actor.parse(meta.actor), aud: [subject], ...(meta.tenantId ? { ten: meta.tenantId } : {}) });
}

/**
 * The claims of `token` if it is good for a request on `subject`: signed by the service it names,
 * unexpired, for an actor that service may vouch for (the gateway: anyone; another service: only
 * its own system actor, on the subjects the access table gives it), and addressed to `subject`
 * (directly, or as an onward call the first addressee may make on the caller's behalf).
 * Anything else is UNAUTHENTICATED.
 */
export function verifyAssertion(token: string, subject: string, keys: BusPublicKeys, now = Date.now()): AssertionClaims {
  const refuse = (why: string) => new NexusError('UNAUTHENTICATED', `Bus identity refused: ${why}`);
  const parsed = AssertionClaims.safeParse(peekClaims(token));
  if (!parsed.success) throw refuse('malformed assertion');
  const claims = parsed.data;
  const key = keys.get(claims.iss);
  if (!key || !signedBy(token, key)) throw refuse('bad signature');
  if (claims.exp <= now || claims.iat > now + SKEW_MS) throw refuse('expired');
  if (!mayVouch(claims, subject)) throw refuse(`${claims.iss} may not act as this actor on ${subject}`);
  if (!addressed(claims, subject)) throw refuse(`not addressed to ${subject}`);
  return claims;
}

function mayVouch(claims: AssertionClaims, subject: string): boolean {
  if (claims.iss === 'gateway') return true;
  const { act } = claims;
  if (act.type !== 'system') return false;
  const own = act.name === claims.iss || act.name.startsWith(`${claims.iss}-`);
  return own && BUS_ACCESS[claims.iss].asSelf.includes(subject);
}

function addressed(claims: AssertionClaims, subject: string): boolean {
  if (claims.aud.includes(subject)) return true;
  // An onward hop: the service the caller addressed may forward the assertion on the calls it forwards.
  return claims.aud.some((audience) => {
    const service = ServiceName.safeParse(audience.split('.')[0]);
    return service.success && BUS_ACCESS[service.data].forwards.includes(subject);
  });
}
