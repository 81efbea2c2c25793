'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useParams, usePathname, useRouter } from 'next/navigation';
import type { Action } from '@pve-nexus/authz';
import type { ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { useResource } from '../ui/use-resource';
import { can, type TenantOption } from './permissions';
import { rememberedTenant, rememberTenant } from './tenant-storage.util';

export interface TenantContextValue {
  /** The tenants the switcher offers: the user's memberships, or every tenant for global admins. */
  tenants: TenantOption[];
  /** The tenant the console works in; undefined when the user has none. */
  current: TenantOption | undefined;
  /** Set when the URL names a tenant that the user cannot see. */
  unknownSlug: string | undefined;
  loading: boolean;
  error: ApiError | undefined;
  /** Switches tenant; on a tenant page, goes to the same page of the other tenant when allowed. */
  select: (slug: string) => void;
  /** `can()` for the current user in the current tenant. */
  can: (action: Action) => boolean;
  /** Reloads the list after a tenant was created, renamed, activated or deactivated. */
  reload: () => void;
}

const TenantContext = createContext<TenantContextValue | null>(null);

/** `/t/<slug>/<page>` → the page's name, for switching tenant while staying on the same page. */
const TENANT_PAGE = /^\/t\/[^/]+\/([^/?#]+)/;

/** Which page of a tenant needs which action. */
export const TENANT_PAGES: Record<string, Action> = { fleet: 'vm.read', servers: 'server.read', members: 'member.list', 'api-keys': 'apikey.list', audit: 'audit.read', 'api-browser': 'server.api.browse', machines: 'machine.read', tailscale: 'device.read', settings: 'settings.read' };

export function TenantProvider({ children }: { children: ReactNode }) {
  const { user, memberships, api } = useSignedIn();
  const params = useParams<{ tenant?: string }>();
  const pathname = usePathname();
  const router = useRouter();
  const isGlobalAdmin = user.globalRole === 'admin';

  // Members see their memberships (part of the session); global admins see every tenant.
  const all = useResource(isGlobalAdmin ? `tenants:${user.id}` : null, (signal) => api.listTenants(signal));
  const tenants = useMemo<TenantOption[]>(() => {
    const roles = new Map(memberships.map((membership) => [membership.tenantId, membership.role]));
    if (isGlobalAdmin && all.data) {
      return all.data.tenants.map((tenant) => ({ id: tenant.id, slug: tenant.slug, name: tenant.name, active: tenant.active, role: roles.get(tenant.id) }));
    }
    return memberships.map((membership) => ({
      id: membership.tenantId,
      slug: membership.tenantSlug,
      name: membership.tenantName,
      active: membership.tenantActive,
      role: membership.role,
    }));
  }, [isGlobalAdmin, all.data, memberships]);

  const [stored, setStored] = useState<string | null>(() => rememberedTenant());
  const urlSlug = typeof params.tenant === 'string' ? params.tenant : undefined;
  const wanted = urlSlug ?? stored;
  const current = tenants.find((tenant) => tenant.slug === wanted) ?? (urlSlug ? undefined : (tenants.find((tenant) => tenant.active) ?? tenants[0]));
  const stillLoading = isGlobalAdmin && !all.data && !all.error;

  useEffect(() => {
    if (current && current.slug !== stored) {
      rememberTenant(current.slug);
      setStored(current.slug);
    }
  }, [current, stored]);

  const select = useCallback(
    (slug: string) => {
      const next = tenants.find((tenant) => tenant.slug === slug);
      if (!next) return;
      rememberTenant(slug);
      setStored(slug);
      const page = TENANT_PAGE.exec(pathname)?.[1];
      if (!page) return;
      const action = TENANT_PAGES[page];
      router.push(action && can(user, action, next) ? `/t/${encodeURIComponent(slug)}/${page}` : '/');
    },
    [tenants, pathname, router, user],
  );

  const value = useMemo<TenantContextValue>(
    () => ({
      tenants,
      current,
      unknownSlug: urlSlug && !current && !stillLoading ? urlSlug : undefined,
      loading: stillLoading,
      error: all.error,
      select,
      can: (action) => can(user, action, current),
      reload: all.reload,
    }),
    [tenants, current, urlSlug, stillLoading, all.error, all.reload, select, user],
  );
  return <TenantContext value={value}>{children}</TenantContext>;
}

export function useTenants(): TenantContextValue {
  const value = useContext(TenantContext);
  if (!value) throw new Error('useTenants outside <TenantProvider>');
  return value;
}

/** The link to a tenant page of the current tenant. */
export function tenantHref(tenant: TenantOption, page: keyof typeof TENANT_PAGES | string): string {
  return `/t/${encodeURIComponent(tenant.slug)}/${page}`;
}
