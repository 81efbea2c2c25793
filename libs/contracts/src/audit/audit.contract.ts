import { z } from 'zod';
import { cleanJson, lineText } from '../text/safe-text.js';
import { defineRpc } from '../rpc/rpc-contract.js';

export const AuditOutcome = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** Dotted, lower-case verbs: `user.login`, `tenant.deactivate`, `console.open`. */
export const AuditAction = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/).max(64);

/**
 * What another service asks inventory to record (its own changes are recorded in the same database
 * transaction). Who did it is taken from the request's actor; `details` must hold no secret.
 */
export const AuditAppendRequest = z.strictObject({
  action: AuditAction,
  outcome: AuditOutcome,
  targetType: lineText(32).optional(),
  targetId: lineText(128).optional(),
  details: z.record(z.string(), z.unknown()).default({}).transform((details) => cleanJson(details) as Record<string, unknown>),
});

export const AuditEntryView = z.object({
  id: z.uuid(),
  /** Position in its chain (a decimal string: it is a 64-bit integer). */
  seq: z.string(),
  tenantId: z.uuid().nullable(),
  actorType: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: AuditOutcome,
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

/**
 * `GET /api/v1/tenants/:tenantId/audit` (the tenant's chain) or `GET /api/v1/audit` (the
 * installation's chain, global admins). Newest first; `cursor` is the `nextCursor` of the previous page.
 */
export const AuditQuery = z.strictObject({
  action: lineText(64).optional(),
  actorId: lineText(128).optional(),
  targetId: lineText(128).optional(),
  outcome: AuditOutcome.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().regex(/^\d{1,19}$/, 'a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditPage = z.object({ entries: z.array(AuditEntryView), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditProblem = z.object({
  chain: z.string(),
  /** The entry whose stored hash or link is wrong; null when the entry is missing altogether. */
  entryId: z.uuid().nullable(),
  seq: z.string(),
  problem: z.enum(['hash-mismatch', 'broken-link', 'missing-entry']),
});

export const AuditVerifyReport = z.object({
  ok: z.boolean(),
  chainsChecked: z.number().int(),
  entriesChecked: z.number().int(),
  problems: z.array(AuditProblem),
});
export type AuditVerifyReport = z.infer<typeof AuditVerifyReport>;

export const AuditRpc = {
  append: defineRpc('inventory.audit.append', AuditAppendRequest, z.object({ id: z.uuid() })),
  /** The tenant of the request's headers, or the global chain when it has none. */
  query: defineRpc('inventory.audit.query', AuditQuery, AuditPage),
  verify: defineRpc('inventory.audit.verify', z.strictObject({}), AuditVerifyReport),
} as const;
