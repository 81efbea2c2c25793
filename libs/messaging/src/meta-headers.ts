import { isDeepStrictEqual } from 'node:util';
import { Actor, BusHeader, NexusError, RequestMeta, type RequestMetaInput } from '@pve-nexus/contracts';
import { peekClaims } from '@pve-nexus/crypto';
import type { HeaderCarrier } from '@pve-nexus/observability';
import { assertionFor, verifyAssertion, type BusPublicKeys, type BusSigner } from './bus-assertion.js';

/**
 * Writes the caller's identity for a request on `subject`: the assertion it received (an onward hop
 * on the caller's behalf, or a console's), when it still names this actor and tenant; otherwise one
 * signed by this process (which the receiver accepts only for what this service may vouch for).
 */
export function writeMeta(headers: HeaderCarrier, meta: RequestMetaInput, subject: string, signer: BusSigner): void {
  headers.set(BusHeader.assertion, forwardable(meta) ?? assertionFor(signer, meta, subject));
  headers.set(BusHeader.requestId, meta.requestId);
}

function forwardable(meta: RequestMetaInput): string | undefined {
  if (!meta.assertion) return undefined;
  const claims = peekClaims(meta.assertion) as { act?: unknown; ten?: unknown } | undefined;
  const actor = Actor.safeParse(claims?.act);
  return actor.success && isDeepStrictEqual(actor.data, Actor.parse(meta.actor)) && claims?.ten === meta.tenantId ? meta.assertion : undefined;
}

/**
 * Reads the caller's identity from the signed assertion, verified for `subject`: never from a bare
 * header. A request without a valid one is refused (UNAUTHENTICATED), never defaulted. A console's
 * assertion is bound to one server: a payload naming another is refused.
 */
export function readMeta(headers: HeaderCarrier | undefined, subject: string, keys: BusPublicKeys, payload?: unknown): RequestMeta {
  if (!headers?.has(BusHeader.assertion) || !headers.has(BusHeader.requestId)) {
    throw new NexusError('UNAUTHENTICATED', 'Bus identity missing');
  }
  const token = headers.get(BusHeader.assertion);
  const claims = verifyAssertion(token, subject, keys);
  const serverId = (payload as { serverId?: unknown } | undefined)?.serverId;
  if (claims.srv && serverId !== undefined && serverId !== claims.srv) throw new NexusError('FORBIDDEN', 'This identity is bound to another server');
  const parsed = RequestMeta.safeParse({ actor: claims.act, requestId: headers.get(BusHeader.requestId), tenantId: claims.ten, assertion: token });
  if (!parsed.success) throw NexusError.fromZod(parsed.error, 'request metadata');
  return parsed.data;
}
