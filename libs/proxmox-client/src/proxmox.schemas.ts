import { z } from 'zod';

// The shapes of the Proxmox VE API answers this client reads (pve-docs API viewer). Unknown fields
// are ignored; missing or wrongly typed fields are a protocol error, not a crash further on.

/** Every answer is `{ "data": ... }`. */
export const Envelope = <T extends z.ZodType>(data: T) => z.object({ data });

/** `GET /version`. */
export const PveVersion = z.object({ version: z.string(), release: z.string(), repoid: z.string().optional() });

/** `GET /nodes` entries. */
export const PveNode = z.object({
  node: z.string(),
  status: z.string(),
  ssl_fingerprint: z.string().optional(),
  cpu: z.number().optional(),
  maxcpu: z.number().optional(),
  mem: z.number().optional(),
  maxmem: z.number().optional(),
  uptime: z.number().optional(),
});
export type PveNode = z.infer<typeof PveNode>;

/** `0`/`1` as Proxmox writes booleans (some versions omit them: false). */
const PveFlag = z.union([z.boolean(), z.number()]).optional().transform((value) => Boolean(value));

/**
 * `GET /cluster/resources?type=vm` entries (pve-manager `API2/Cluster.pm` `resources`). Numbers are
 * missing for a guest pvestatd has not reported yet, so they default to 0. `tags` is one string,
 * separated by `;` (older versions also `,` or spaces).
 */
export const PveClusterResource = z.object({
  id: z.string(),
  type: z.string(),
  vmid: z.number().int(),
  node: z.string(),
  name: z.string().optional(),
  status: z.string(),
  tags: z.string().optional(),
  template: PveFlag,
  cpu: z.number().default(0),
  maxcpu: z.number().default(0),
  mem: z.number().default(0),
  maxmem: z.number().default(0),
  uptime: z.number().default(0),
});
export type PveClusterResource = z.infer<typeof PveClusterResource>;

/** `GET /nodes/{node}/tasks/{upid}/status` (pve-manager `API2/Tasks.pm` `read_task_status`). */
export const PveTaskStatus = z.object({
  upid: z.string(),
  node: z.string(),
  type: z.string(),
  status: z.enum(['running', 'stopped']),
  /** `OK`, `WARNINGS: n`, or the error, once stopped. */
  exitstatus: z.string().optional(),
});
export type PveTaskStatus = z.infer<typeof PveTaskStatus>;

/**
 * `POST /nodes/{node}/{qemu|lxc}/{vmid}/vncproxy` and `.../termproxy` (qemu-server `API2/Qemu.pm`,
 * pve-container `API2/LXC.pm`). The port went through a string context (`wait_for_vnc_port`), so
 * JSON carries it as a string; `next_vnc_port` only hands out 5900-5999. `password` is there only
 * with `generate-password=1` (QEMU); `cert` (the node's certificate) only for vncproxy.
 */
export const PveConsoleProxy = z.object({
  user: z.string().min(1),
  ticket: z.string().min(1),
  port: z.union([z.number(), z.string().regex(/^\d{1,5}$/, 'a port number').transform(Number)]).pipe(z.number().int().min(5900).max(5999)),
  upid: z.string().min(1),
  password: z.string().min(1).optional(),
  cert: z.string().optional(),
});
export type PveConsoleProxy = z.infer<typeof PveConsoleProxy>;
