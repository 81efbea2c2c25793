import { z } from 'zod';
import { lineText } from '../text/safe-text.js';
import { GlobalRole, TenantRole } from '../identity/roles.js';

/** NATS header names carried by every request on the bus. */
export const BusHeader = {
  /** The signed identity of the request (actor, tenant, audience, expiry): the only one a handler trusts. */
  assertion: 'nexus-assertion',
  requestId: 'nexus-request-id',
  /** W3C trace context; the names are fixed by the spec. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/**
 * Who is asking, with the roles that matter for this request: the gateway resolves them from the
 * token, so every handler can ask the same policy (libs/authz) without another lookup.
 */
export const Actor = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user'),
    userId: z.uuid(),
    globalRole: GlobalRole,
    /** The user's role in the request's tenant; absent when not a member (or no tenant). */
    tenantRole: TenantRole.optional(),
    /** Still on a one-time password: only the password change and sign-out are allowed. */
    mustChangePassword: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('api-key'),
    apiKeyId: z.uuid(),
    /** An API key belongs to one tenant and acts with one role there. */
    tenantId: z.uuid(),
    tenantRole: TenantRole,
  }),
  z.object({ type: z.literal('system'), name: lineText(64, 1) }),
]);
export type Actor = z.infer<typeof Actor>;
export type ActorInput = z.input<typeof Actor>;

/** The identity part of a request, read from (and written to) the headers. */
export const RequestMeta = z.object({
  actor: Actor,
  /** The tenant the request acts in; its active state was checked by the gateway. */
  tenantId: z.uuid().optional(),
  requestId: lineText(128, 1),
  /**
   * The signed assertion this identity was read from (libs/messaging `bus-assertion.ts`): a service
   * forwards it on the calls it makes on the caller's behalf, since it cannot sign a person itself.
   */
  assertion: z.string().max(4096).optional(),
});
export type RequestMeta = z.infer<typeof RequestMeta>;
export type RequestMetaInput = z.input<typeof RequestMeta>;
