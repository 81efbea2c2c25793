import { z } from 'zod';

const Timestamp = z.iso.datetime({ offset: true });

/** A tag as both control servers spell it: `tag:` and a lowercase name. */
export const TailnetTag = z
  .string()
  .trim()
  .max(200)
  .regex(/^tag:[a-z0-9][a-z0-9-]*$/i, 'tag:name (letters, digits and dashes)');

/** `POST .../tailscale/auth-keys`: an auth key for enrolling devices. */
export const CreateAuthKeyBody = z.strictObject({
  reusable: z.boolean().default(false),
  ephemeral: z.boolean().default(false),
  /** Devices joining with the key need no admin approval (Tailscale; headscale always pre-authorizes). */
  preauthorized: z.boolean().default(true),
  tags: z.array(TailnetTag).max(20).default([]),
  /** 1 hour to 90 days, as Tailscale allows. */
  expirySeconds: z.coerce.number().int().min(3_600).max(7_776_000).default(86_400),
  /**
   * Up to 50 letters, digits, spaces and hyphens: what Tailscale's API accepts (`POST .../keys`
   * answers 400 to anything else). headscale keeps no description.
   */
  description: z.string().trim().max(50).regex(/^[A-Za-z0-9 -]*$/, 'letters, digits, spaces and hyphens').default(''),
});
export type CreateAuthKeyBody = z.input<typeof CreateAuthKeyBody>;

/** An auth key as listed: never the key itself. */
export const AuthKeyView = z.strictObject({
  id: z.string(),
  /** The part of the key a control server shows in listings, when it shows one. */
  prefix: z.string().nullable(),
  description: z.string(),
  reusable: z.boolean(),
  ephemeral: z.boolean(),
  preauthorized: z.boolean(),
  tags: z.array(z.string()),
  createdAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  /** Revoked, expired, or a used single-use key. */
  usable: z.boolean(),
});
export type AuthKeyView = z.infer<typeof AuthKeyView>;

/** The answer of a key creation: the only time the key is shown. */
export const MintedAuthKey = AuthKeyView.extend({
  key: z.string(),
  /** The command to run on the device. */
  command: z.string(),
});
export type MintedAuthKey = z.infer<typeof MintedAuthKey>;
