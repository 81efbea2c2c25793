import { z } from 'zod';

// Shapes of headscale's REST API (grpc-gateway over its gRPC API, protojson encoding: uint64 ids as
// strings, timestamps as RFC 3339 with nanoseconds). Not strict: versions add fields.

/** An id: protojson writes uint64 as a string; a number is taken too. */
const Id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
/** A timestamp, or null/absent for none. */
const Time = z.string().nullish();

export const HeadscaleUser = z.object({
  id: Id,
  name: z.string().default(''),
  email: z.string().nullish(),
});

export const HeadscalePreAuthKey = z.object({
  id: Id,
  /** The whole key only in the answer of its creation; listings show `hskey-auth-<prefix>-***`. */
  key: z.string().default(''),
  reusable: z.boolean().default(false),
  ephemeral: z.boolean().default(false),
  used: z.boolean().default(false),
  expiration: Time,
  createdAt: Time,
  aclTags: z.array(z.string()).default([]),
});
export type HeadscalePreAuthKey = z.infer<typeof HeadscalePreAuthKey>;

/** A node of `GET /api/v1/node`. */
export const HeadscaleNode = z.object({
  id: Id,
  ipAddresses: z.array(z.string()).default([]),
  /** The host name the node reported. */
  name: z.string(),
  /** Its MagicDNS label (what `rename` changes). */
  givenName: z.string().min(1),
  user: HeadscaleUser.nullish(),
  lastSeen: Time,
  expiry: Time,
  preAuthKey: HeadscalePreAuthKey.nullish(),
  createdAt: Time,
  online: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
});
export type HeadscaleNode = z.infer<typeof HeadscaleNode>;

export const HeadscaleNodeList = z.object({ nodes: z.array(HeadscaleNode).default([]) });
export const HeadscaleUserList = z.object({ users: z.array(HeadscaleUser).default([]) });
export const HeadscalePreAuthKeyList = z.object({ preAuthKeys: z.array(HeadscalePreAuthKey).default([]) });
export const HeadscaleCreatedPreAuthKey = z.object({ preAuthKey: HeadscalePreAuthKey });
