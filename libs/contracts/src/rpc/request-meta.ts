import { z } from 'zod';

/** NATS header names carried by every request on the bus. */
export const BusHeader = {
  actor: 'nexus-actor',
  tenantId: 'nexus-tenant-id',
  requestId: 'nexus-request-id',
  /** W3C trace context; the names are fixed by the spec. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Who is asking: a user, an integrator's API key, or the system itself (schedulers, health probes). */
export const Actor = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: z.uuid() }),
  z.object({ type: z.literal('api-key'), apiKeyId: z.uuid() }),
  z.object({ type: z.literal('system'), name: z.string().min(1).max(64) }),
]);
export type Actor = z.infer<typeof Actor>;

/** The identity part of a request, read from (and written to) the headers. */
export const RequestMeta = z.object({
  actor: Actor,
  tenantId: z.uuid().optional(),
  requestId: z.string().min(1).max(128),
});
export type RequestMeta = z.infer<typeof RequestMeta>;
