import { NexusError, type RequestMeta } from '@pve-nexus/contracts';

/** The tenant a tenant-scoped request acts in (set by the gateway from the URL). */
export function requireTenant(meta: RequestMeta): string {
  if (!meta.tenantId) throw new NexusError('VALIDATION', 'No tenant given', [{ path: 'headers.nexus-tenant-id', message: 'required' }]);
  return meta.tenantId;
}
