import { describe, expect, it } from '@jest/globals';
import type { ConsoleGrant, Principal } from '@pve-nexus/contracts';
import { revokes, stillAllowed } from './access-check.util.js';

const userId = '11111111-1111-4111-8111-111111111111';
const tenantId = '22222222-2222-4222-8222-222222222222';
const otherTenant = '33333333-3333-4333-8333-333333333333';
const authSessionId = '44444444-4444-4444-8444-444444444444';

const grant = {
  sessionId: '55555555-5555-4555-8555-555555555555',
  tenantId,
  actor: { type: 'user', userId, globalRole: 'user', tenantRole: 'manager', mustChangePassword: false },
  authSessionId,
  viewOnly: false,
} as ConsoleGrant;

function principal(role: 'admin' | 'manager' | 'viewer' | undefined, tenantActive = true): Extract<Principal, { type: 'user' }> {
  return {
    type: 'user',
    sessionId: authSessionId,
    user: { id: userId, email: 'a@example.com', displayName: 'A', globalRole: 'user', active: true, mustChangePassword: false, lastLoginAt: null, createdAt: new Date().toISOString() },
    memberships: role ? [{ tenantId, tenantSlug: 't', tenantName: 'T', tenantActive, role }] : [],
  };
}

describe('revokes', () => {
  it('matches when every given field matches the grant', () => {
    expect(revokes({ userId, reason: 'deactivated' }, grant)).toBe(true);
    expect(revokes({ authSessionId, reason: 'signed-out' }, grant)).toBe(true);
    expect(revokes({ tenantId, reason: 'tenant-deactivated' }, grant)).toBe(true);
    expect(revokes({ userId, tenantId, reason: 'membership-removed' }, grant)).toBe(true);
  });

  it('does not match another user, session, tenant or an API key', () => {
    expect(revokes({ userId: otherTenant, reason: 'x' }, grant)).toBe(false);
    expect(revokes({ userId, tenantId: otherTenant, reason: 'membership-removed' }, grant)).toBe(false);
    expect(revokes({ authSessionId: otherTenant, reason: 'signed-out' }, grant)).toBe(false);
    expect(revokes({ apiKeyId: userId, reason: 'revoked' }, grant)).toBe(false);
  });
});

describe('stillAllowed', () => {
  it('keeps a manager\'s full console and a viewer\'s view-only one', () => {
    expect(stillAllowed(principal('manager'), grant)).toBe(true);
    expect(stillAllowed(principal('viewer'), { ...grant, viewOnly: true })).toBe(true);
  });

  it('ends a full console of someone demoted to viewer, removed from the tenant, or in a deactivated tenant', () => {
    expect(stillAllowed(principal('viewer'), grant)).toBe(false);
    expect(stillAllowed(principal(undefined), { ...grant, viewOnly: true })).toBe(false);
    expect(stillAllowed(principal('admin', false), grant)).toBe(false);
  });
});
