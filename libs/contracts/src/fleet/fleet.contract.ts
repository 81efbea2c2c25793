import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { ConnectionFailure } from '../servers/server.views.js';

const Uuid = z.uuid();

/** A cluster node name as Proxmox accepts it (pve-common `pve-node`: an RFC 1123 label). */
export const NodeName = z.string().max(63).regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'a node name (letters, digits, hyphens)');

/** A guest id: Proxmox allows 100 to 999,999,999. */
export const Vmid = z.coerce.number().int().min(100).max(999_999_999);

/**
 * A Proxmox task id, as pve-common's `upid_decode` accepts it:
 * `UPID:node:PID:PSTART:STARTTIME:type:id:user:` (hex fields; PSTART may have 9 digits).
 */
export const Upid = z
  .string()
  .max(512)
  .regex(/^UPID:[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8,9}:[0-9A-Fa-f]{8}:[^:\s]+:[^:\s]*:[^:\s]+:$/, 'a Proxmox task id (UPID:...)');

export const GuestType = z.enum(['qemu', 'lxc']);
export type GuestType = z.infer<typeof GuestType>;

/** One VM or container of the fleet, as `/cluster/resources?type=vm` reports it. */
export const GuestView = z.object({
  serverId: Uuid,
  serverName: z.string(),
  node: z.string(),
  vmid: z.number().int(),
  type: GuestType,
  name: z.string(),
  /** `running`, `stopped`, `paused` (a suspended VM)... as Proxmox says it. */
  status: z.string(),
  tags: z.array(z.string()),
  /** CPU usage as a fraction of `maxcpu` (0..1). */
  cpu: z.number(),
  maxcpu: z.number(),
  /** Bytes. */
  mem: z.number(),
  maxmem: z.number(),
  /** Seconds; 0 when stopped. */
  uptime: z.number(),
  template: z.boolean(),
});
export type GuestView = z.infer<typeof GuestView>;

/**
 * Why a server is missing from a fleet list: a Proxmox failure reason, or `credentials` when
 * inventory could not give its connection.
 */
export const FleetServerFailure = z.enum([...ConnectionFailure.options, 'credentials']);
export type FleetServerFailure = z.infer<typeof FleetServerFailure>;

/** How one server answered a fleet list: each server is asked on its own, with its own deadline. */
export const FleetServerStatus = z.object({
  serverId: Uuid,
  name: z.string(),
  status: z.enum(['ok', 'error']),
  error: z.object({ reason: FleetServerFailure, message: z.string() }).optional(),
  /** Time to this server's answer (or failure), in ms. */
  latencyMs: z.number(),
  guestCount: z.number().int(),
});
export type FleetServerStatus = z.infer<typeof FleetServerStatus>;

export const FleetList = z.object({ guests: z.array(GuestView), servers: z.array(FleetServerStatus) });
export type FleetList = z.infer<typeof FleetList>;

/** The power actions Proxmox offers per guest type (qemu-server `API2/Qemu.pm`, pve-container `API2/LXC/Status.pm`). */
export const QemuPowerAction = z.enum(['start', 'stop', 'shutdown', 'reboot', 'reset', 'suspend', 'resume']);
export const LxcPowerAction = z.enum(['start', 'stop', 'shutdown', 'reboot']);

/** `POST .../guests/:vmid/actions`: which guest type, and what to do. */
export const GuestActionBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('qemu'), action: QemuPowerAction }),
  z.strictObject({ type: z.literal('lxc'), action: LxcPowerAction }),
]);
export type GuestActionBody = z.input<typeof GuestActionBody>;

const GuestAddress = z.strictObject({ serverId: Uuid, node: NodeName, vmid: Vmid });

export const GuestActionRequest = z.discriminatedUnion('type', [
  GuestAddress.extend({ type: z.literal('qemu'), action: QemuPowerAction }),
  GuestAddress.extend({ type: z.literal('lxc'), action: LxcPowerAction }),
]);

/** A Proxmox task as the executor last saw it. `ok` is set once stopped (`exitStatus` OK or WARNINGS). */
export const TaskView = z.object({
  upid: Upid,
  status: z.enum(['running', 'stopped']),
  exitStatus: z.string().optional(),
  ok: z.boolean().optional(),
});
export type TaskView = z.infer<typeof TaskView>;

/** The fleet of the request's tenant: guests of every server, power actions, and their tasks (executor). */
export const FleetRpc = {
  /** Every guest of every server of the tenant; a failing server gives an error entry, never a failed list. */
  list: defineRpc('executor.fleet.list', z.strictObject({}), FleetList),
  /** Starts a power action; replies with the task id at once (the task is followed in the background). */
  action: defineRpc('executor.vm.action', GuestActionRequest, z.object({ upid: Upid })),
  /** A task's state: from the executor's record when it followed the task, from Proxmox otherwise. */
  task: defineRpc('executor.task.get', z.strictObject({ serverId: Uuid, node: NodeName, upid: Upid }), TaskView),
} as const;
