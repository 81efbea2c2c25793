import { decide, type Action } from '@pve-nexus/authz';
import type { TenantRole, UserView } from '@pve-nexus/contracts';

/** A tenant as the console uses it: the API needs the id, the URL shows the slug. */
export interface TenantOption {
  id: string;
  slug: string;
  name: string;
  active: boolean;
  /** The user's own role here; undefined for a global admin who is not a member. */
  role?: TenantRole;
}

/**
 * Whether the user may do `action` (in `tenant` for tenant actions), decided by the same policy table
 * the gateway and the services enforce (libs/authz), so the console hides exactly what would be refused.
 */
export function can(user: UserView, action: Action, tenant?: TenantOption): boolean {
  const subject = {
    type: 'user' as const,
    userId: user.id,
    globalRole: user.globalRole,
    mustChangePassword: user.mustChangePassword,
    ...(tenant?.role ? { tenantRole: tenant.role } : {}),
  };
  return decide(subject, action, tenant ? { tenantId: tenant.id } : {}).allowed;
}

export const ROLE_LABELS: Record<TenantRole, string> = { viewer: 'Viewer', manager: 'Manager', admin: 'Admin' };

/** What the user is in `tenant`, as the header says it. */
export function roleLabel(user: UserView, tenant: TenantOption | undefined): string | undefined {
  if (tenant?.role) return ROLE_LABELS[tenant.role];
  return user.globalRole === 'admin' ? 'Global admin' : undefined;
}
