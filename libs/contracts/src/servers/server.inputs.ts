import { z } from 'zod';
import { isSafeText, lineText, nameText, SAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { ServerHost, TailnetHost } from './tailnet-host.js';

export const Port = z.coerce.number().int().min(1).max(65535);

/**
 * A Proxmox API token as the seed's form asks for it: `USER@REALM!TOKENID=SECRET`
 * (e.g. `nexus@pve!fleet=4f6c...`). The secret part is what must never be shown again.
 */
export const ApiToken = z
  .string()
  .trim()
  .max(512)
  .regex(/^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]*=[^\s]+$/, 'USER@REALM!TOKENID=SECRET')
  .refine(isSafeText, SAFE_TEXT_MESSAGE);

export const TlsTrust = z.enum(['ca', 'pinned']);
export type TlsTrust = z.infer<typeof TlsTrust>;

/** The fields of a server as a client sends them, without defaults (an update must not invent values). */
const ServerFields = z.strictObject({
  name: nameText(100),
  host: ServerHost,
  port: Port,
  apiToken: ApiToken,
  /** `ca`: verify against trusted CAs; `pinned`: trust on first use, fingerprints accepted per node. */
  tlsTrust: TlsTrust,
  connectTimeoutMs: z.coerce.number().int().min(500).max(120_000),
  useTailscale: z.boolean(),
  tailscaleHostname: TailnetHost.nullish(),
  tailscalePort: Port,
});

/** What a new server gets for the fields its creator leaves out. */
const CreateFields = ServerFields.extend({
  port: Port.default(8006),
  tlsTrust: TlsTrust.default('pinned'),
  connectTimeoutMs: ServerFields.shape.connectTimeoutMs.default(10_000),
  useTailscale: z.boolean().default(false),
  tailscalePort: Port.default(8006),
});

const tailnetNeedsHost = (value: { useTailscale?: boolean; tailscaleHostname?: string | null }, ctx: z.RefinementCtx) => {
  if (value.useTailscale && !value.tailscaleHostname) {
    ctx.addIssue({ code: 'custom', path: ['tailscaleHostname'], message: 'required when useTailscale is on' });
  }
};

/** `POST /api/v1/tenants/:tenantId/servers`. */
export const CreateServerBody = CreateFields.superRefine(tailnetNeedsHost);
export type CreateServerBody = z.input<typeof CreateServerBody>;

/** `PATCH .../servers/:serverId`: only the fields sent change; `apiToken` replaces the stored token. */
export const UpdateServerBody = ServerFields.partial()
  .superRefine(tailnetNeedsHost)
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type UpdateServerBody = z.input<typeof UpdateServerBody>;

/** Accept the certificate fingerprints shown by a connection test, per node. */
export const AcceptFingerprintsBody = z.strictObject({
  fingerprints: z
    .array(z.strictObject({ node: lineText(64, 1), fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'SHA-256, AA:BB:...') }))
    .min(1)
    .max(64),
});
export type AcceptFingerprintsBody = z.input<typeof AcceptFingerprintsBody>;
