import { describe, expect, it } from '@jest/globals';
import type { Actor, TenantRole } from '@pve-nexus/contracts';
import { ANONYMOUS, authorize, decide, type Subject } from './decide.js';
import { ACTIONS, POLICY, type Action } from './policy.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const user = (tenantRole?: TenantRole, globalRole: 'admin' | 'user' = 'user', mustChangePassword = false): Actor => ({
  type: 'user',
  userId: '33333333-3333-4333-8333-333333333333',
  globalRole,
  mustChangePassword,
  ...(tenantRole ? { tenantRole } : {}),
});
const apiKey = (tenantRole: TenantRole, tenantId = TENANT): Actor => ({
  type: 'api-key',
  apiKeyId: '44444444-4444-4444-8444-444444444444',
  tenantId,
  tenantRole,
});
const allowedActions = (subject: Subject) => ACTIONS.filter((action) => decide(subject, action, { tenantId: TENANT }).allowed);
const tenantActions = ACTIONS.filter((action) => POLICY[action].audience === 'tenant');
const isRead = (action: Action) => /\.(read|list|view)$/.test(action);

describe('the access policy', () => {
  it('lets nobody in without credentials, except to public actions', () => {
    for (const action of ACTIONS) {
      const decision = decide(ANONYMOUS, action, { tenantId: TENANT });
      expect(decision.allowed).toBe(POLICY[action].audience === 'public');
      if (!decision.allowed) expect(decision.code).toBe('UNAUTHENTICATED');
    }
  });

  it('gives viewers read-only access to their tenant', () => {
    const allowed = allowedActions(user('viewer')).filter((action) => POLICY[action].audience === 'tenant');
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.filter((action) => !isRead(action))).toEqual([]);
  });

  it('lets managers operate servers, VMs, consoles, devices and machines, but not members, keys or settings', () => {
    const allowed = allowedActions(user('manager'));
    for (const action of ['server.write', 'vm.operate', 'console.open', 'device.manage', 'machine.manage', 'machine.ssh'] as Action[]) {
      expect(allowed).toContain(action);
    }
    for (const action of ['member.manage', 'apikey.create', 'settings.write', 'tenant.rename', 'audit.read'] as Action[]) {
      expect(allowed).not.toContain(action);
    }
  });

  it('lets tenant admins do everything in their tenant and nothing installation-wide', () => {
    const admin = user('admin');
    expect(tenantActions.filter((action) => !decide(admin, action, { tenantId: TENANT }).allowed)).toEqual([]);
    const globalOnly = ACTIONS.filter((action) => POLICY[action].audience === 'global-admin');
    expect(globalOnly.filter((action) => decide(admin, action, { tenantId: TENANT }).allowed)).toEqual([]);
  });

  it('lets global admins do everything, in every tenant, without a membership, except what only services do', () => {
    const denied = ACTIONS.filter((action) => !decide(user(undefined, 'admin'), action, { tenantId: OTHER_TENANT }).allowed);
    expect(denied).toEqual(ACTIONS.filter((action) => POLICY[action].audience === 'system'));
  });

  it('keeps service-only actions (credential checks) away from every user and key', () => {
    for (const subject of [user('admin', 'admin'), apiKey('admin'), ANONYMOUS]) {
      expect(decide(subject, 'principal.resolve').allowed).toBe(false);
    }
    expect(decide({ type: 'system', name: 'gateway' }, 'principal.resolve').allowed).toBe(true);
  });

  it('keeps members of another tenant out of every tenant action', () => {
    const outsider = user(undefined);
    for (const action of tenantActions) expect(decide(outsider, action, { tenantId: TENANT })).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });

  it('confines API keys to their tenant and role, and keeps them away from people and keys', () => {
    expect(decide(apiKey('manager'), 'vm.operate', { tenantId: TENANT }).allowed).toBe(true);
    expect(decide(apiKey('viewer'), 'vm.operate', { tenantId: TENANT }).allowed).toBe(false);
    expect(decide(apiKey('admin', OTHER_TENANT), 'vm.read', { tenantId: TENANT }).allowed).toBe(false);
    for (const action of ['apikey.create', 'member.manage', 'user.create', 'console.open'] as Action[]) {
      expect(decide(apiKey('admin'), action, { tenantId: TENANT }).allowed).toBe(false);
    }
  });

  it('allows only sign-out, profile and password change while a one-time password is in use', () => {
    const fresh = user('admin', 'admin', true);
    // audit.append is internal (services recording on the user's behalf), not an HTTP route.
    expect(allowedActions(fresh).filter((action) => POLICY[action].audience !== 'public').sort()).toEqual(
      ['audit.append', 'self.password.change', 'self.read', 'session.logout'].sort(),
    );
  });

  it('throws the decision as a typed error', () => {
    expect(() => authorize(user('viewer'), 'vm.operate', { tenantId: TENANT })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorize(ANONYMOUS, 'vm.read', { tenantId: TENANT })).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
