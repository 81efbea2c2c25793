import { z } from 'zod';
import { GlobalRole, TenantRole } from './roles.js';

const isoTime = z.iso.datetime({ offset: true });

/** A user as every API shows it: never the password hash, lockout counters or sessions. */
export const UserView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  globalRole: GlobalRole,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type UserView = z.infer<typeof UserView>;

export const TenantView = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  active: z.boolean(),
  serverQuota: z.number().int(),
  createdAt: isoTime,
  deactivatedAt: isoTime.nullable(),
});
export type TenantView = z.infer<typeof TenantView>;

/** One of the caller's tenants with the caller's role there (the tenant switcher's list). */
export const MembershipView = z.object({
  tenantId: z.uuid(),
  tenantSlug: z.string(),
  tenantName: z.string(),
  tenantActive: z.boolean(),
  role: TenantRole,
});
export type MembershipView = z.infer<typeof MembershipView>;

/** A member of one tenant, as its admins see it. */
export const MemberView = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  role: TenantRole,
  createdAt: isoTime,
});
export type MemberView = z.infer<typeof MemberView>;

/** A pending invitation to a tenant (what a tenant admin sees, and what the invited person sees). */
export const InvitationView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  tenantName: z.string(),
  email: z.string(),
  role: TenantRole,
  createdAt: isoTime,
  expiresAt: isoTime,
});
export type InvitationView = z.infer<typeof InvitationView>;

/** An API key without its secret (shown once, at creation, never again). */
export const ApiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: TenantRole,
  prefix: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** Who a verified credential belongs to, with everything the gateway needs to authorize. */
export const Principal = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), sessionId: z.uuid(), user: UserView, memberships: z.array(MembershipView) }),
  z.object({ type: z.literal('api-key'), apiKeyId: z.uuid(), tenantId: z.uuid(), role: TenantRole }),
]);
export type Principal = z.infer<typeof Principal>;

/** Answer of sign-in and refresh. `refreshToken` is in the body only for `session: token` clients. */
export const SessionResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires; refresh before then. */
  expiresIn: z.number().int(),
  refreshToken: z.string().optional(),
  user: UserView,
  memberships: z.array(MembershipView),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** `GET /api/v1/me`: who the credential belongs to (a user with their tenants, or an API key). */
export const MeResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), user: UserView, memberships: z.array(MembershipView) }),
  z.object({ type: z.literal('api-key'), apiKeyId: z.uuid(), tenantId: z.uuid(), role: TenantRole }),
]);
export type MeResponse = z.infer<typeof MeResponse>;
