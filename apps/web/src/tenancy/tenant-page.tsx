'use client';

import type { ReactNode } from 'react';
import type { Action } from '@pve-nexus/authz';
import { AccessDenied } from '../ui/page-header';
import type { TenantOption } from './permissions';
import { useTenants } from './tenant-provider';

/**
 * A page of the tenant named in the URL: rendered only when the tenant exists for this user and their
 * role there allows `action`; otherwise says why.
 */
export function TenantPage({ action, children }: { action: Action; children: (tenant: TenantOption) => ReactNode }) {
  const { current, unknownSlug, loading, can } = useTenants();
  if (loading) {
    return (
      <div className="loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        <span>Loading tenants…</span>
      </div>
    );
  }
  if (unknownSlug || !current) {
    return <AccessDenied>There is no tenant “{unknownSlug}” that you can see. Pick one in the tenant switcher.</AccessDenied>;
  }
  if (!can(action)) return <AccessDenied>Your role in {current.name} does not include this page.</AccessDenied>;
  // Keyed by tenant: switching tenant starts the page afresh (forms, messages, loaded rows).
  return <div key={current.id}>{children(current)}</div>;
}
