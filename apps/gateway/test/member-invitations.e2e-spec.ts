import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMember, signInSeededAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'invitation test passphrase 1';

// Issue 16: adding a member by e-mail must not tell a tenant admin whether an account with that
// address exists anywhere in the installation. A tenant admin's addition is an invitation, answered
// the same either way; the person accepts it once signed in.
describe('member invitations: no account enumeration, accepted by the invited person', () => {
  let stack: Stack;
  let api: ApiCall;
  let globalAdmin: string;
  let tenantAdmin: string;
  let tenant: string;
  let tenantId: string;

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory', 'gateway'] });
    ({ api, admin: globalAdmin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    tenantAdmin = await addMember(api, globalAdmin, tenantId, 'msp-admin@example.com', 'admin', PASSWORD);
    // An account that exists but belongs to no tenant of this admin's.
    expect((await api('POST', '/api/v1/users', { token: globalAdmin, body: { email: 'existing@example.com', displayName: 'Existing', password: PASSWORD } })).status).toBe(201);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const invite = (email: string, role = 'viewer') => api('PUT', `${tenant}/members`, { token: tenantAdmin, body: { email, role } });
  /** Signs in an account an administrator created, replacing its one-time password as the product requires. */
  const signIn = async (email: string, password: string) => {
    const token = (await api('POST', '/api/v1/auth/login', { body: { email, password } })).body.accessToken as string;
    expect((await api('POST', '/api/v1/auth/password', { token, body: { currentPassword: password, newPassword: `${password}!` } })).status).toBe(204);
    return token;
  };

  it('answers a tenant admin the same for an address with an account and one without', async () => {
    const known = await invite('Existing@Example.com');
    const unknown = await invite('nobody@example.com');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    const shape = (body: { invitation: Record<string, unknown> }) => Object.keys(body.invitation).sort();
    expect(shape(known.body)).toEqual(shape(unknown.body));
    expect(known.body.invitation).toMatchObject({ email: 'existing@example.com', role: 'viewer', tenantId });
    expect(unknown.body.invitation).toMatchObject({ email: 'nobody@example.com', role: 'viewer', tenantId });
    const listed = await api('GET', `${tenant}/invitations`, { token: tenantAdmin });
    expect(listed.body.invitations.map((invitation: { email: string }) => invitation.email)).toEqual(['existing@example.com', 'nobody@example.com']);
    // Nobody became a member yet.
    const members = await api('GET', `${tenant}/members`, { token: tenantAdmin });
    expect(members.body.members.map((member: { email: string }) => member.email)).not.toContain('existing@example.com');
  });

  it('lets the invited person see and accept it, and nobody else', async () => {
    const existing = await signIn('existing@example.com', PASSWORD);
    const mine = await api('GET', '/api/v1/me/invitations', { token: existing });
    expect(mine.status).toBe(200);
    expect(mine.body.invitations).toEqual([expect.objectContaining({ email: 'existing@example.com', role: 'viewer', tenantName: expect.any(String) })]);
    const id = mine.body.invitations[0].id as string;

    // The tenant admin (another person) cannot answer it for them.
    expect((await api('POST', `/api/v1/me/invitations/${id}/accept`, { token: tenantAdmin })).status).toBe(404);

    const accepted = await api('POST', `/api/v1/me/invitations/${id}/accept`, { token: existing });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ membership: { tenantId, role: 'viewer' } });
    const members = await api('GET', `${tenant}/members`, { token: tenantAdmin });
    expect(members.body.members).toContainEqual(expect.objectContaining({ email: 'existing@example.com', role: 'viewer' }));
    expect((await api('GET', '/api/v1/me/invitations', { token: existing })).body.invitations).toEqual([]);
    expect((await api('POST', `/api/v1/me/invitations/${id}/accept`, { token: existing })).status).toBe(404);
  });

  it('changes the role of someone who is a member already, directly', async () => {
    const changed = await invite('existing@example.com', 'manager');
    expect(changed.status).toBe(200);
    expect(changed.body.member).toMatchObject({ email: 'existing@example.com', role: 'manager' });
  });

  it('keeps an invitation for an address whose account is created later, and lets the admin withdraw one', async () => {
    expect((await api('POST', '/api/v1/users', { token: globalAdmin, body: { email: 'nobody@example.com', displayName: 'Later', password: PASSWORD } })).status).toBe(201);
    const later = await signIn('nobody@example.com', PASSWORD);
    const mine = (await api('GET', '/api/v1/me/invitations', { token: later })).body.invitations as Array<{ id: string }>;
    expect(mine).toHaveLength(1);
    expect((await api('POST', `/api/v1/me/invitations/${mine[0]!.id}/decline`, { token: later })).body).toEqual({ membership: null });

    const third = await invite('third@example.com');
    expect((await api('DELETE', `${tenant}/invitations/${third.body.invitation.id}`, { token: tenantAdmin })).status).toBe(204);
    expect((await api('GET', `${tenant}/invitations`, { token: tenantAdmin })).body.invitations).toEqual([]);
  });

  it('still adds directly for a global admin, who manages every account anyway', async () => {
    const added = await api('PUT', `${tenant}/members`, { token: globalAdmin, body: { email: 'nobody@example.com', role: 'viewer' } });
    expect(added.status).toBe(200);
    expect(added.body.member).toMatchObject({ email: 'nobody@example.com' });
    const missing = await api('PUT', `${tenant}/members`, { token: globalAdmin, body: { email: 'ghost@example.com', role: 'viewer' } });
    expect(missing.status).toBe(404);
  });
});
