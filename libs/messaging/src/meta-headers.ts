import { BusHeader, NexusError, RequestMeta, type RequestMetaInput } from '@pve-nexus/contracts';
import type { HeaderCarrier } from '@pve-nexus/observability';

export function writeMeta(headers: HeaderCarrier, meta: RequestMetaInput): void {
  headers.set(BusHeader.actor, JSON.stringify(meta.actor));
  headers.set(BusHeader.requestId, meta.requestId);
  if (meta.tenantId) headers.set(BusHeader.tenantId, meta.tenantId);
}

/** Reads and validates the caller's identity; a request without one is refused, never defaulted. */
export function readMeta(headers: HeaderCarrier | undefined): RequestMeta {
  if (!headers?.has(BusHeader.actor) || !headers.has(BusHeader.requestId)) {
    throw new NexusError('VALIDATION', 'Request metadata missing', [{ path: 'headers', message: 'actor and request id are required' }]);
  }
  let actor: unknown;
  try {
    actor = JSON.parse(headers.get(BusHeader.actor));
  } catch {
    throw new NexusError('VALIDATION', 'Request metadata invalid', [{ path: `headers.${BusHeader.actor}`, message: 'not JSON' }]);
  }
  const parsed = RequestMeta.safeParse({
    actor,
    requestId: headers.get(BusHeader.requestId),
    tenantId: headers.has(BusHeader.tenantId) ? headers.get(BusHeader.tenantId) : undefined,
  });
  if (!parsed.success) throw NexusError.fromZod(parsed.error, 'request metadata');
  return parsed.data;
}
