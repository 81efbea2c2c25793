import type { TenantRole } from '@pve-nexus/contracts';

/**
 * Who may do an action at all:
 * - `public`: anyone, signed in or not (health, login);
 * - `system`: only the services themselves (the gateway verifying a credential);
 * - `authenticated`: any signed-in principal, about itself (profile, sign-out, password change);
 * - `global-admin`: installation-wide administration;
 * - `tenant`: inside one tenant, with at least `minRole` there (global admins: every tenant).
 */
export type Audience = 'public' | 'system' | 'authenticated' | 'global-admin' | 'tenant';

export interface Rule {
  audience: Audience;
  /** For `tenant` rules: the weakest tenant role that may act. */
  minRole?: TenantRole;
  /** Integrators' API keys may do this (within their tenant and role). Default false: humans only. */
  apiKeys?: boolean;
  /** Allowed while the user still has to replace a one-time password. Default false. */
  whilePasswordChangeRequired?: boolean;
}

const tenant = (minRole: TenantRole, apiKeys = true): Rule => ({ audience: 'tenant', minRole, apiKeys });
const globalAdmin: Rule = { audience: 'global-admin' };

/**
 * The whole access policy of PVE Nexus, one line per action. Viewer: read only. Manager: servers,
 * VMs, consoles, devices, machines. Tenant admin: all of the tenant, including members and settings.
 * Global admin: everything, in every tenant. Every gateway route and every bus handler names one of
 * these actions; nothing else decides access.
 */
export const POLICY = {
  'health.read': { audience: 'public' },
  'session.login': { audience: 'public' },
  'session.refresh': { audience: 'public' },
  'session.create': { audience: 'system' },
  'session.rotate': { audience: 'system' },
  'principal.resolve': { audience: 'system' },
  'session.logout': { audience: 'authenticated', whilePasswordChangeRequired: true },
  'self.read': { audience: 'authenticated', apiKeys: true, whilePasswordChangeRequired: true },
  'self.password.change': { audience: 'authenticated', whilePasswordChangeRequired: true },
  /** Seeing and answering one's own invitations to tenants (people only). */
  'self.invitations': { audience: 'authenticated' },

  'user.list': globalAdmin,
  'user.create': globalAdmin,
  'user.update': globalAdmin,
  'user.delete': globalAdmin,

  'tenant.list': { audience: 'authenticated', apiKeys: true },
  /** Listing every tenant, not only one's own. */
  'tenant.list.all': globalAdmin,
  'tenant.create': globalAdmin,
  'tenant.read': tenant('viewer'),
  'tenant.rename': tenant('admin', false),
  'tenant.deactivate': globalAdmin,
  'tenant.activate': globalAdmin,

  'member.list': tenant('admin', false),
  'member.manage': tenant('admin', false),

  'apikey.list': tenant('admin', false),
  'apikey.create': tenant('admin', false),
  'apikey.revoke': tenant('admin', false),

  'audit.append': { audience: 'authenticated', apiKeys: true, whilePasswordChangeRequired: true },
  'audit.read': tenant('admin'),
  'audit.read.global': globalAdmin,
  'audit.verify': globalAdmin,

  /** The installation's egress policy for server addresses. */
  'egress.read': globalAdmin,
  'egress.write': globalAdmin,

  'settings.read': tenant('viewer'),
  'settings.write': tenant('admin', false),

  'server.read': tenant('viewer'),
  'server.write': tenant('manager'),
  'server.tls.accept': tenant('manager', false),
  'server.api.browse': tenant('manager'),

  'vm.read': tenant('viewer'),
  'vm.operate': tenant('manager'),
  'task.read': tenant('viewer'),

  'console.open': tenant('manager', false),
  'console.view': tenant('viewer', false),
  /** Listing and ending live console sessions: the tenant's admins; global admins in every tenant. */
  'console.sessions.manage': tenant('admin', false),
  /** Listing live console sessions of every tenant at once. */
  'console.sessions.manage.global': globalAdmin,

  'device.read': tenant('viewer'),
  'device.manage': tenant('manager'),
  'machine.read': tenant('viewer'),
  'machine.manage': tenant('manager'),
  'machine.ssh': tenant('manager', false),

  /** The executor's health scheduler: listing servers to check and recording results. */
  'server.health.record': { audience: 'system' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];
