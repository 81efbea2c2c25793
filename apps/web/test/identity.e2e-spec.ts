import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cleanUp, launchChromium, seedDemoAdmin, startStack, type SeededAdmin, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { submitLogin, WebServer } from './web-server.js';

const VIEWPORT = { width: 1280, height: 800 };
const ADMIN_PASSWORD = 'chief passphrase for the browser test';
const BOB = { email: 'bob@example.com', name: 'Bob Operator', password: 'robert passphrase for the browser test' };
/** Few free failures per account here, so the backoff message is quick to reach (and lasts long enough to read). */
const FREE_FAILURES = 3;

function main(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

async function navLabels(page: Page): Promise<string[]> {
  return (await main(page).getByRole('link').allTextContents()).map((label) => label.trim());
}

/** Waits until the tenant switcher shows `tenant` with `role`. */
async function expectTenant(page: Page, tenant: string, role: string): Promise<void> {
  await page.getByTestId('tenant-role').filter({ hasText: role }).waitFor();
  await expect(page.getByTestId('tenant-select').locator('option:checked').textContent()).resolves.toBe(tenant);
}

/** The forced password change after a sign-in with a one-time password. */
async function chooseOwnPassword(page: Page, oneTimePassword: string, password: string): Promise<void> {
  await page.waitForURL(/\/change-password/);
  await page.getByLabel('One-time password').fill(oneTimePassword);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
}

async function auditActions(page: Page): Promise<string[]> {
  return page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.action ?? ''));
}

describe('identity in the browser: sign-in, users, members and roles, audit', () => {
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let adminContext: BrowserContext;
  let page: Page;
  let admin: SeededAdmin;
  let bobOneTimePassword = '';

  beforeAll(async () => {
    WebServer.assertBuilt();
    stack = await startStack({ env: { LOGIN_FREE_FAILURES_PER_ACCOUNT: String(FREE_FAILURES), LOGIN_BACKOFF_BASE_SECONDS: '30' } });
    admin = await seedDemoAdmin(stack);
    web = await WebServer.start(stack.gatewayUrl);
    browser = await launchChromium();
    adminContext = await browser.newContext({ viewport: VIEWPORT });
    page = await adminContext.newPage();
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
    ]);
  });

  it('signs in with the one-time password, forces a password change, lands on the page asked for and survives a reload', async () => {
    await page.goto(`${web!.url}/t/demo/members`);
    await page.waitForURL(`${web!.url}/login?next=%2Ft%2Fdemo%2Fmembers`);
    // After a client-side redirect Next sets the title a moment later: wait for it, do not sample it.
    await page.waitForFunction(() => document.title === 'Sign in · PVE Nexus');

    await submitLogin(page, admin.email, 'not the password');
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('Invalid e-mail or password');
    await keepScreenshot(page, '/tmp/web-login.png');

    await submitLogin(page, admin.email, admin.oneTimePassword);
    await page.waitForURL(/\/change-password\?next=%2Ft%2Fdemo%2Fmembers$/);
    await page.getByTestId('password-change-required').waitFor();
    // Checked in the browser with the contract's rule before anything is sent.
    await page.getByLabel('One-time password').fill(admin.oneTimePassword);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByRole('button', { name: 'Set password and continue' }).click();
    await expect(page.getByTestId('field-error').first().textContent()).resolves.toBe('At least 12 characters');
    await keepScreenshot(page, '/tmp/web-change-password.png');

    await chooseOwnPassword(page, admin.oneTimePassword, ADMIN_PASSWORD);
    await page.waitForURL(`${web!.url}/t/demo/members`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await expectTenant(page, 'Demo MSP', 'Admin');
    expect(await navLabels(page)).toEqual(['Status', 'Fleet', 'Servers', 'Machines', 'Tailscale', 'Proxmox API', 'Live consoles', 'Members', 'API keys', 'Audit log', 'Settings', 'Users', 'Tenants']);

    // The access token lives in memory only; a reload resumes the session from the httpOnly cookie.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/eyJ|nexus_refresh/);
    await page.reload();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/t/demo/members');
  });

  it('creates a user, adds them as viewer, makes them manager inline; they see the tenant as manager without admin pages', async () => {
    await main(page).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('E-mail').fill(BOB.email);
    await page.getByLabel('Display name').fill(BOB.name);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('one-time-password').waitFor();
    bobOneTimePassword = await page.getByTestId('secret-value').inputValue();
    expect(bobOneTimePassword).toMatch(/^\S{12,}$/);
    await keepScreenshot(page, '/tmp/web-users.png', { fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
    expect(await page.locator(`tr[data-email="${BOB.email}"]`).textContent()).toContain('One-time password');

    await main(page).getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('E-mail of an existing user').fill(BOB.email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const bobRow = page.locator(`tr[data-email="${BOB.email}"]`);
    await page.locator(`tr[data-email="${BOB.email}"][data-role="viewer"]`).waitFor();

    await bobRow.getByLabel(`Role of ${BOB.email}`).selectOption('manager');
    await page.locator(`tr[data-email="${BOB.email}"][data-role="manager"]`).waitFor();
    await expect(page.getByTestId('members-message').textContent()).resolves.toBe(`${BOB.name} is now Manager in Demo MSP.`);
    await keepScreenshot(page, '/tmp/web-members.png', { fullPage: true });
    // Saved on the server, not only on screen.
    await page.reload();
    await expect(bobRow.getByLabel(`Role of ${BOB.email}`).inputValue()).resolves.toBe('manager');

    const bobContext = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const bobPage = await bobContext.newPage();
      await bobPage.goto(`${web!.url}/login`);
      await submitLogin(bobPage, BOB.email, bobOneTimePassword);
      await chooseOwnPassword(bobPage, bobOneTimePassword, BOB.password);
      await bobPage.waitForURL(`${web!.url}/`);
      await expectTenant(bobPage, 'Demo MSP', 'Manager');
      expect(await navLabels(bobPage)).toEqual(['Status', 'Fleet', 'Servers', 'Machines', 'Tailscale', 'Proxmox API', 'Settings']);
      await keepScreenshot(bobPage, '/tmp/web-manager.png');

      // Typing the address of an admin page shows why instead of a broken page.
      await bobPage.goto(`${web!.url}/t/demo/members`);
      await bobPage.getByTestId('access-denied').waitFor();
      await bobPage.goto(`${web!.url}/admin/users`);
      await bobPage.getByTestId('access-denied').waitFor();
    } finally {
      await bobContext.close();
    }
  });

  it('searches the audit log by action prefix and by outcome, and verifies the chain', async () => {
    await main(page).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/t\/demo\/audit$/);
    await page.getByTestId('audit-row').first().waitFor();

    await page.getByLabel('Action').fill('member.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/t\/demo\/audit\?action=member\.\*$/);
    await page.locator('[data-testid="active-filters"] [data-filter="action"]').waitFor();
    await page.getByTestId('audit-summary').filter({ hasText: '2 entries' }).waitFor();
    expect(await auditActions(page)).toEqual(['member.put', 'member.put']);
    const newest = page.getByTestId('audit-row').first();
    await expect(newest.textContent()).resolves.toMatch(/to: manager.*from: viewer/);
    // Actor ids are shown as e-mail addresses once the member list has arrived.
    await newest.getByRole('button', { name: admin.email }).waitFor();

    await page.getByLabel('Outcome').selectOption('failure');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=member\.\*&outcome=failure$/);
    await page.getByText('No entries match these filters').waitFor();
    expect(await page.locator('[data-testid="active-filters"] [data-filter="outcome"]').textContent()).toContain('failure');

    // The installation's chain holds the sign-ins; the same outcome filter finds the wrong password of the first test.
    await page.getByRole('link', { name: 'Installation' }).click();
    await page.waitForURL(/\/admin\/audit\?action=member\.\*&outcome=failure$/);
    await page.getByLabel('Action').fill('user.login');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/admin\/audit\?action=user\.login&outcome=failure$/);
    await page.getByTestId('audit-summary').filter({ hasText: '1 entry' }).waitFor();
    expect(await auditActions(page)).toEqual(['user.login']);
    expect(await page.getByTestId('audit-row').getAttribute('data-outcome')).toBe('failure');

    await page.getByLabel('Outcome').selectOption('success');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/outcome=success$/);
    await page.locator('[data-testid="audit-row"][data-outcome="success"]').first().waitFor();
    expect(new Set(await auditActions(page))).toEqual(new Set(['user.login']));
    expect(await page.locator('[data-testid="audit-row"]:not([data-outcome="success"])').count()).toBe(0);

    await page.getByTestId('verify-chain').click();
    await page.getByTestId('verify-report').waitFor();
    expect(await page.getByTestId('verify-report').getAttribute('data-ok')).toBe('true');
    await expect(page.getByTestId('verify-report').textContent()).resolves.toContain('Every audit chain is intact');

    await page.getByRole('link', { name: 'Tenant: Demo MSP' }).click();
    await page.waitForURL(/\/t\/demo\/audit\?action=user\.login&outcome=success$/);
    await page.getByLabel('Action').fill('member.*');
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/t\/demo\/audit\?action=member\.\*&outcome=success$/);
    await page.getByTestId('audit-summary').filter({ hasText: '2 entries' }).waitFor();
    await keepScreenshot(page, '/tmp/web-audit.png', { fullPage: true });
  });

  it('signs out from the header, and holds the sign-in form back after repeated wrong passwords', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByText('You have signed out.').waitFor();
    // The session is gone on the server too: a protected page sends back to the sign-in.
    await page.goto(`${web!.url}/admin/users`);
    await page.waitForURL(`${web!.url}/login?next=%2Fadmin%2Fusers`);

    for (let attempt = 1; attempt <= FREE_FAILURES + 1; attempt += 1) {
      await submitLogin(page, BOB.email, `wrong password ${attempt}`);
      await page.getByTestId('login-error').filter({ hasText: 'Invalid e-mail or password' }).waitFor();
    }
    await submitLogin(page, BOB.email, BOB.password);
    const lockout = page.getByTestId('lockout');
    await lockout.waitFor();
    await expect(lockout.textContent()).resolves.toMatch(/Too many attempts; try again in \d+ s/);
    await expect(lockout.textContent()).resolves.toMatch(/You can try again in \d+:\d\d/);
    expect(await page.getByRole('button', { name: /Try again in/ }).isDisabled()).toBe(true);
    await keepScreenshot(page, '/tmp/web-lockout.png');
  });
});
