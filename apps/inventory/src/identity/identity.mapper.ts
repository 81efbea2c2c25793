import type { ApiKeyView, MemberView, MembershipView, TenantView, UserView } from '@pve-nexus/contracts';
import type { ApiKeyRow, MemberRow, MembershipRow, TenantRow, UserRow } from './identity.rows.js';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toUserView(user: UserRow): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    globalRole: user.globalRole,
    active: user.active,
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: user.createdAt.toISOString(),
  };
}

export function toTenantView(tenant: TenantRow): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    active: tenant.active,
    serverQuota: tenant.serverQuota,
    createdAt: tenant.createdAt.toISOString(),
    deactivatedAt: iso(tenant.deactivatedAt),
  };
}

export function toMembershipView(membership: MembershipRow): MembershipView {
  return {
    tenantId: membership.tenant.id,
    tenantSlug: membership.tenant.slug,
    tenantName: membership.tenant.name,
    tenantActive: membership.tenant.active,
    role: membership.role,
  };
}

export function toMemberView(member: MemberRow): MemberView {
  return {
    userId: member.user.id,
    email: member.user.email,
    displayName: member.user.displayName,
    active: member.user.active,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

export function toApiKeyView(key: ApiKeyRow): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: iso(key.lastUsedAt),
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
  };
}
