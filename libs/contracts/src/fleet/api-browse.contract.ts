import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { checkProxmoxApiPath, PROXMOX_API_PATH_MAX } from './proxmox-api-path.util.js';

/**
 * A path for the read-only Proxmox API browser, as received (after `/api/`, query included): only
 * whitelisted read-only paths pass ({@link checkProxmoxApiPath}).
 */
export const ProxmoxApiPath = z
  .string()
  .max(PROXMOX_API_PATH_MAX)
  .superRefine((raw, ctx) => {
    const verdict = checkProxmoxApiPath(raw);
    if (!verdict.ok) ctx.addIssue({ code: 'custom', message: verdict.reason });
  });

export const ApiBrowseRequest = z.strictObject({ serverId: z.uuid(), path: ProxmoxApiPath });

/** Proxmox's answer: the normalised path asked, and the `data` of `GET /api2/json/<path>` (any JSON). */
export const ApiBrowseReply = z.object({ path: z.string(), data: z.unknown() });
export type ApiBrowseReply = z.infer<typeof ApiBrowseReply>;

/** The read-only API browser (executor; policy `server.api.browse`; each browse is audited). */
export const ApiBrowseRpc = {
  get: defineRpc('executor.server.api-browse', ApiBrowseRequest, ApiBrowseReply),
} as const;
