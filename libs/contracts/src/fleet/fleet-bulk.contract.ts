import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { GuestType, LxcPowerAction, NodeName, QemuPowerAction, Upid, Vmid } from './fleet.contract.js';

/** Most guests one bulk request may name. */
export const BULK_MAX_GUESTS = 500;

/** One guest of a bulk selection, on any server of the tenant. */
export const BulkGuest = z.strictObject({ serverId: z.uuid(), node: NodeName, vmid: Vmid, type: GuestType });
export type BulkGuest = z.output<typeof BulkGuest>;

/** Any power action; whether it fits each guest's type is decided per guest (an lxc with `reset` is `invalid`). */
export const BulkPowerAction = QemuPowerAction;
export type BulkPowerAction = z.infer<typeof BulkPowerAction>;

/** The actions a container accepts, for per-guest checks. */
export const LXC_ACTIONS: readonly string[] = LxcPowerAction.options;

/**
 * `POST .../fleet/actions`: one action over a selection of 1 to 500 guests across servers.
 * `dryRun: true` only says what would happen, from each server's current `/cluster/resources`.
 */
export const BulkActionBody = z.strictObject({
  action: BulkPowerAction,
  guests: z
    .array(BulkGuest)
    .min(1)
    .max(BULK_MAX_GUESTS)
    .superRefine((guests, ctx) => {
      const seen = new Set<string>();
      guests.forEach((guest, index) => {
        const key = `${guest.serverId}:${guest.vmid}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `guest ${guest.vmid} of server ${guest.serverId} is listed twice` });
        seen.add(key);
      });
    }),
  /** Required, so that a forgotten flag never runs anything. */
  dryRun: z.boolean(),
});
export type BulkActionBody = z.input<typeof BulkActionBody>;

/**
 * What happened (or would happen) to one guest.
 * - dry run: `would-run`, `skip` (nothing to do: already in that state), `invalid` (action not valid
 *   for its type, unknown guest or server, server unreachable);
 * - execution: `started` (with `upid`), `skipped` (a `skip` of the dry run), `failed` (an `invalid`
 *   one, or Proxmox refused: its message in `reason`).
 */
export const BulkOutcome = z.enum(['would-run', 'skip', 'invalid', 'started', 'skipped', 'failed']);
export type BulkOutcome = z.infer<typeof BulkOutcome>;

export const BulkGuestResult = z.object({
  serverId: z.uuid(),
  node: z.string(),
  vmid: z.number().int(),
  type: GuestType,
  /** The guest's name, when its server answered and knows it. */
  name: z.string().nullable(),
  /** Its status before the action, as `/cluster/resources` reported it; null when unknown. */
  currentStatus: z.string().nullable(),
  outcome: BulkOutcome,
  /** Why skipped, invalid or failed. */
  reason: z.string().optional(),
  upid: Upid.optional(),
});
export type BulkGuestResult = z.infer<typeof BulkGuestResult>;

/** Per-guest results in the request's order, and how many of each outcome. */
export const BulkActionReply = z.object({
  dryRun: z.boolean(),
  action: BulkPowerAction,
  results: z.array(BulkGuestResult),
  counts: z.partialRecord(BulkOutcome, z.number().int()),
});
export type BulkActionReply = z.infer<typeof BulkActionReply>;

/** Bulk power actions (executor). The reply may be large (500 results): the bus gzips big replies. */
export const FleetBulkRpc = {
  bulkAction: defineRpc('executor.vm.bulk-action', BulkActionBody, BulkActionReply),
} as const;
