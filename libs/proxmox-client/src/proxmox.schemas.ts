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
