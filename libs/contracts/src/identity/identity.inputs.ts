import { z } from 'zod';
import { isSafeText, lineText, nameText, SAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { GlobalRole, TenantRole } from './roles.js';

/** E-mail addresses are compared lower-cased. */
export const Email = z.email().max(254).transform((value) => value.toLowerCase());
/** A new password: long rather than complex (NIST SP 800-63B). */
export const NewPassword = z.string().min(12, 'at least 12 characters').max(256).refine(isSafeText, SAFE_TEXT_MESSAGE);
/** A password as typed at login: any non-empty string; its strength was checked when it was set. */
export const AnyPassword = lineText(256, 1);
export const DisplayName = nameText(100);
export const TenantSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and dashes');
export const TenantName = nameText(100);

/** `POST /api/v1/auth/login`. `session: cookie` (the web) puts the refresh token in an httpOnly cookie. */
export const LoginBody = z.strictObject({
  email: Email,
  password: AnyPassword,
  session: z.enum(['cookie', 'token']).default('token'),
});
export type LoginBody = z.input<typeof LoginBody>;

/** `POST /api/v1/auth/refresh`: the token in the body (API clients) or the cookie (the web). */
export const RefreshBody = z.strictObject({ refreshToken: lineText(200, 20).optional() });

export const ChangePasswordBody = z.strictObject({ currentPassword: AnyPassword, newPassword: NewPassword });
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

export const CreateUserBody = z.strictObject({
  email: Email,
  displayName: DisplayName,
  globalRole: GlobalRole.default('user'),
  /** Omitted: a one-time password is generated, returned once, and must be changed at first login. */
  password: NewPassword.optional(),
});
export type CreateUserBody = z.input<typeof CreateUserBody>;

export const UpdateUserBody = z
  .strictObject({ displayName: DisplayName.optional(), globalRole: GlobalRole.optional(), active: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type UpdateUserBody = z.input<typeof UpdateUserBody>;

export const CreateTenantBody = z.strictObject({
  slug: TenantSlug,
  name: TenantName,
  serverQuota: z.number().int().min(1).max(10_000).default(50),
});
export type CreateTenantBody = z.input<typeof CreateTenantBody>;

export const RenameTenantBody = z.strictObject({ name: TenantName });

/** `PUT /api/v1/tenants/:tenantId/members`: add a user (by e-mail) or change their role. */
export const PutMemberBody = z.strictObject({ email: Email, role: TenantRole });
export type PutMemberBody = z.input<typeof PutMemberBody>;

export const CreateApiKeyBody = z.strictObject({
  name: nameText(100),
  role: TenantRole,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBody>;
