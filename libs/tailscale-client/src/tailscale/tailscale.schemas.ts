import { z } from 'zod';

// Shapes of Tailscale API v2 answers as its OpenAPI document describes them (every field optional
// there). Objects are not strict: the API adds fields over time and a new field must not break us.

/** A device of `GET /api/v2/tailnet/{tailnet}/devices`; `lastSeen` is left out while connected. */
export const TailscaleDevice = z
  .object({
    addresses: z.array(z.string()).default([]),
    /** The legacy numeric id. */
    id: z.string().optional(),
    /** The preferred id (`n…CNTRL`). */
    nodeId: z.string().optional(),
    user: z.string().optional(),
    /** The MagicDNS name. */
    name: z.string(),
    hostname: z.string().default(''),
    clientVersion: z.string().optional(),
    updateAvailable: z.boolean().optional(),
    os: z.string().optional(),
    /** Empty for devices shared in from another tailnet. */
    created: z.string().optional(),
    connectedToControl: z.boolean().optional(),
    lastSeen: z.string().optional(),
    keyExpiryDisabled: z.boolean().optional(),
    expires: z.string().optional(),
    authorized: z.boolean().optional(),
    isExternal: z.boolean().optional(),
    tags: z.array(z.string()).optional(),
    isEphemeral: z.boolean().optional(),
  })
  .refine((device) => Boolean(device.nodeId || device.id), 'a device without nodeId or id');
export type TailscaleDevice = z.infer<typeof TailscaleDevice>;

export const TailscaleDeviceList = z.object({ devices: z.array(TailscaleDevice) });

const CreateCapability = z.object({
  reusable: z.boolean().default(false),
  ephemeral: z.boolean().default(false),
  preauthorized: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
});

/** A key of `…/keys`: auth keys, API access tokens and OAuth clients alike (`keyType`). */
export const TailscaleKey = z.object({
  id: z.string().min(1),
  /** Only in the answer of the creation. */
  key: z.string().optional(),
  keyType: z.string().optional(),
  description: z.string().optional(),
  created: z.string().optional(),
  expires: z.string().optional(),
  revoked: z.string().optional(),
  /** Revoked or expired. */
  invalid: z.boolean().optional(),
  capabilities: z.object({ devices: z.object({ create: CreateCapability.optional() }).optional() }).optional(),
});
export type TailscaleKey = z.infer<typeof TailscaleKey>;

/** `GET …/keys`: full keys today; only their ids in older versions of the API. */
export const TailscaleKeyList = z.object({ keys: z.array(TailscaleKey).default([]) });

/** `POST /api/v2/oauth/token` (RFC 6749 §5.1; `scope` space-separated). */
export const OAuthTokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});
