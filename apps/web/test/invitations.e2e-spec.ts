import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMember, cleanUp, keepScreenshot, signInSeededAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';
import { setOwnPassword, signedInBrowser, signIn, WebServer, type SignedInBrowser } from './web-server.js';

const PASSWORD = 'invitation browser test 1';
const INVITEE = { email: 'invitee@example.com', password: 'a long passphrase for the browser' };

// A tenant admin's addition is an invitation (no account enumeration, issue 16); the invited person
// accepts it in the web app and the tenant appears in their switcher at once.
describe('invitations in the browser', () => {
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let session: SignedInBrowser | undefined;
  let api: ApiCall;
  let tenantSlug = '';

  beforeAll(async () => {
    WebServer.assertBuilt();
    stack = await startStack({ services: ['inventory', 'gateway'] });
    const signedIn = await signInSeededAdmin(stack, PASSWORD);
    api = signedIn.api;
    tenantSlug = (await api('GET', `/api/v1/tenants/${signedIn.tenantId}`, { token: signedIn.admin })).body.tenant.slug;
    const tenantAdmin = await addMember(api, signedIn.admin, signedIn.tenantId, 'msp-admin@example.com', 'admin', PASSWORD);
    const created = await api('POST', '/api/v1/users', { token: signedIn.admin, body: { email: INVITEE.email, displayName: 'Invitee', password: PASSWORD } });
    expect(created.status).toBe(201);
    await setOwnPassword(stack.gatewayUrl, INVITEE.email, PASSWORD, INVITEE.password);
    const invited = await api('PUT', `/api/v1/tenants/${signedIn.tenantId}/members`, { token: tenantAdmin, body: { email: INVITEE.email, role: 'manager' } });
    expect(invited.status).toBe(202);
    web = await WebServer.start(stack.gatewayUrl);
    session = await signedInBrowser(web.url, INVITEE.email, INVITEE.password, '/', { width: 1280, height: 800 });
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => session?.browser.close()],
      ['web', () => web?.stop()],
      ['stack', () => stack?.close()],
    ]);
  });

  it('shows the invitation on the first page, and accepting it adds the tenant to the switcher', async () => {
    const page = session!.page;
    const invitation = page.getByTestId('invitation');
    await invitation.waitFor({ timeout: 60_000 });
    expect(await invitation.textContent()).toContain('as a manager');
    await keepScreenshot(page, '/tmp/web-invitations.png');
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('my-invitations').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('tenant-role').filter({ hasText: 'manager' }).waitFor({ timeout: 60_000 });
  });

  it('lets a tenant admin invite from the members page and withdraw a pending invitation', async () => {
    const context = await session!.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, web!.url, 'msp-admin@example.com', `${PASSWORD}!`, `/t/${tenantSlug}/members`);
    await page.getByLabel('E-mail').fill('someone-new@example.com');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByTestId('members-message').filter({ hasText: 'Invited someone-new@example.com' }).waitFor({ timeout: 60_000 });
    const pending = page.locator('[data-testid="pending-invitation"][data-email="someone-new@example.com"]');
    await pending.waitFor({ timeout: 60_000 });
    await keepScreenshot(page, '/tmp/web-invitations-pending.png');
    await pending.getByRole('button', { name: 'Withdraw' }).click();
    await pending.waitFor({ state: 'detached', timeout: 60_000 });
    await context.close();
  });
});
