'use client';

import { useSignedIn } from '../session/session-provider';
import { can } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { AccessDenied } from '../ui/page-header';
import { AuditLog } from './audit-log';

/** `/t/<tenant>/audit`: the tenant's chain (tenant admins and global admins). */
export function TenantAuditPage() {
  return <TenantPage action="audit.read">{(tenant) => <AuditLog scope={{ kind: 'tenant', tenant }} />}</TenantPage>;
}

/** `/admin/audit`: the installation's chain (global admins). */
export function GlobalAuditPage() {
  const { user } = useSignedIn();
  if (!can(user, 'audit.read.global')) return <AccessDenied>Only global administrators read the installation audit log.</AccessDenied>;
  return <AuditLog scope={{ kind: 'global' }} />;
}
