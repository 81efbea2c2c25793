import { z } from 'zod';

/** Role across the whole installation: `admin` manages every tenant and user. */
export const GlobalRole = z.enum(['admin', 'user']);
export type GlobalRole = z.infer<typeof GlobalRole>;

/** Role inside one tenant, weakest first. */
export const TenantRole = z.enum(['viewer', 'manager', 'admin']);
export type TenantRole = z.infer<typeof TenantRole>;

/** True when `role` is at least `minimum` (viewer < manager < admin). */
export function tenantRoleAtLeast(role: TenantRole, minimum: TenantRole): boolean {
  return TenantRole.options.indexOf(role) >= TenantRole.options.indexOf(minimum);
}
