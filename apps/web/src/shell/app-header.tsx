'use client';

import type { Action } from '@pve-nexus/authz';
import { useSignedIn } from '../session/session-provider';
import { can } from '../tenancy/permissions';
import { tenantHref, useTenants } from '../tenancy/tenant-provider';
import { TenantSwitcher } from '../tenancy/tenant-switcher';
import { Brand } from './brand';
import { NavLink } from './nav-link';
import { UserMenu } from './user-menu';

interface NavItem {
  href: string;
  label: string;
  /** Current for these paths too. */
  section?: RegExp;
}

/**
 * The header: the pages the user's role reaches (asked of the same policy as the gateway), the tenant
 * switcher and the user menu. Add Consoles here when its page lands.
 */
export function AppHeader() {
  const { user } = useSignedIn();
  const { current, can: canHere } = useTenants();
  const canGlobally = (action: Action) => can(user, action);

  const tenantItems: NavItem[] = [];
  // The fleet dashboard is the tenant's landing page: first in the nav.
  if (current && canHere('vm.read')) tenantItems.push({ href: tenantHref(current, 'fleet'), label: 'Fleet', section: /^\/t\/[^/]+\/fleet/ });
  if (current && canHere('server.read')) tenantItems.push({ href: tenantHref(current, 'servers'), label: 'Servers', section: /^\/t\/[^/]+\/servers/ });
  if (current && canHere('machine.read')) tenantItems.push({ href: tenantHref(current, 'machines'), label: 'Machines', section: /^\/t\/[^/]+\/machines/ });
  if (current && canHere('device.read')) tenantItems.push({ href: tenantHref(current, 'tailscale'), label: 'Tailscale', section: /^\/t\/[^/]+\/tailscale/ });
  if (current && canHere('server.api.browse')) tenantItems.push({ href: tenantHref(current, 'api-browser'), label: 'Proxmox API', section: /^\/t\/[^/]+\/api-browser/ });
  if (current && canHere('console.sessions.manage')) tenantItems.push({ href: tenantHref(current, 'consoles'), label: 'Live consoles', section: /^\/t\/[^/]+\/consoles/ });
  if (current && canHere('member.list')) tenantItems.push({ href: tenantHref(current, 'members'), label: 'Members', section: /^\/t\/[^/]+\/members/ });
  if (current && canHere('apikey.list')) tenantItems.push({ href: tenantHref(current, 'api-keys'), label: 'API keys', section: /^\/t\/[^/]+\/api-keys/ });
  if (current && canHere('audit.read')) {
    tenantItems.push({ href: tenantHref(current, 'audit'), label: 'Audit log', section: /^(\/t\/[^/]+)?\/(admin\/)?audit/ });
  } else if (canGlobally('audit.read.global')) {
    tenantItems.push({ href: '/admin/audit', label: 'Audit log' });
  }
  if (current && canHere('settings.read')) tenantItems.push({ href: tenantHref(current, 'settings/connectivity'), label: 'Settings', section: /^\/t\/[^/]+\/settings/ });
  const adminItems: NavItem[] = [];
  if (canGlobally('user.list')) adminItems.push({ href: '/admin/users', label: 'Users' });
  if (canGlobally('tenant.create')) adminItems.push({ href: '/admin/tenants', label: 'Tenants' });

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Brand />
        <nav aria-label="Main" className="nav">
          <ul>
            <li>
              <NavLink href="/">Status</NavLink>
            </li>
            {tenantItems.map((item) => (
              <li key={item.label}>
                <NavLink href={item.href} section={item.section}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {adminItems.length > 0 && <li className="nav__divider" aria-hidden="true" />}
            {adminItems.map((item) => (
              <li key={item.label}>
                <NavLink href={item.href}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-header__end">
          <TenantSwitcher />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
