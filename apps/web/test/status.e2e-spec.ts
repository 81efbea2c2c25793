import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { ServiceName } from '@pve-nexus/contracts';
import { ALL_SERVICES, cleanUp, launchChromium, seedDemoAdmin, startStack, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { setOwnPassword, signIn, WebServer } from './web-server.js';

const SCREENSHOT = '/tmp/web-status.png';
/** The page polls every 3 s and the gateway waits up to 1.5 s per service: a change shows within ~5 s. */
const CHANGE_TIMEOUT_MS = 15_000;
const ADMIN_PASSWORD = 'status test chief passphrase';

const LOADED_MARKER = '__statusPageLoaded';

function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate((marker) => marker in window, LOADED_MARKER);
}

function card(page: Page, service: ServiceName) {
  return page.getByTestId(`service-${service}`);
}

async function waitForService(page: Page, service: ServiceName, status: 'up' | 'down'): Promise<void> {
  await page.locator(`[data-testid="service-${service}"][data-status="${status}"]`).waitFor({ timeout: CHANGE_TIMEOUT_MS });
}

async function waitForBanner(page: Page, text: string | RegExp): Promise<void> {
  await page.getByTestId('overall-status').filter({ hasText: text }).waitFor({ timeout: CHANGE_TIMEOUT_MS });
}

describe('status page in a browser, against the whole product', () => {
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    WebServer.assertBuilt();
    stack = await startStack();
    // The console needs a session: the seeded admin, past the one-time password, signs in through the form.
    const admin = await seedDemoAdmin(stack);
    await setOwnPassword(stack.gatewayUrl, admin.email, admin.oneTimePassword, ADMIN_PASSWORD);
    web = await WebServer.start(stack.gatewayUrl);
    const chromium = await launchChromium();
    browser = chromium;
    page = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, web.url, admin.email, ADMIN_PASSWORD);
    // Survives only as long as this document does: proof that the page updates in place, never reloads.
    await page.evaluate((marker) => {
      Object.assign(window, { [marker]: true });
    }, LOADED_MARKER);
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
    ]);
  });

  it('shows the shell and every service up with its version, uptime, latency and dependencies', async () => {
    await expect(page.title()).resolves.toBe('Status · PVE Nexus');
    expect(await page.getByRole('banner').getByText('PVE Nexus').isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBe('page');

    await waitForBanner(page, 'All systems operational');
    expect(await page.getByRole('status').textContent()).toContain('All systems operational');
    await expect(page.getByTestId('last-checked').textContent()).resolves.toMatch(/Last checked/);

    for (const service of ALL_SERVICES) {
      await waitForService(page, service, 'up');
      const entry = card(page, service);
      await expect(entry.getByTestId('service-status').textContent()).resolves.toMatch(/^up$/i);
      await expect(entry.getByTestId('service-version').textContent()).resolves.toMatch(/^\d+\.\d+\.\d+/);
      await expect(entry.getByTestId('service-uptime').textContent()).resolves.toMatch(/^\d+[dhms]/);
      if (service !== 'gateway') await expect(entry.getByTestId('service-latency').textContent()).resolves.toMatch(/^[\d.]+ ms$/);
      expect(await entry.locator('[data-testid^="dependency-"][data-status="up"]').count()).toBeGreaterThan(0);
      expect(await entry.locator('[data-testid^="dependency-"][data-status="down"]').count()).toBe(0);
    }
    expect(await card(page, 'inventory').getByTestId('dependency-postgres').isVisible()).toBe(true);
  });

  it('turns inventory down and the banner degraded when inventory stops, and back when it restarts, without a reload', async () => {
    await stack!.service('inventory').stop();

    await waitForService(page, 'inventory', 'down');
    await waitForBanner(page, 'Degraded: 1 service down');
    const inventory = card(page, 'inventory');
    await expect(inventory.getByTestId('service-status').textContent()).resolves.toMatch(/^down$/i);
    await expect(inventory.getByTestId('service-error').textContent()).resolves.toMatch(/\S/);
    for (const service of ALL_SERVICES.filter((name) => name !== 'inventory')) {
      expect(await card(page, service).getAttribute('data-status')).toBe('up');
    }
    // The browser reaches the gateway only through the web server, and a 503 passes through as a report.
    expect((await fetch(`${web!.url}/api/v1/health`)).status).toBe(503);
    await keepScreenshot(page, '/tmp/web-status-degraded.png', { fullPage: true });

    await stack!.service('inventory').start();
    await waitForService(page, 'inventory', 'up');
    await waitForBanner(page, 'All systems operational');
    expect(await inventory.getByTestId('service-error').count()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
  });

  it('says so clearly when the gateway itself is unreachable, keeps the last known state, and recovers', async () => {
    await stack!.service('gateway').stop();

    await page.getByTestId('gateway-unreachable').waitFor({ timeout: CHANGE_TIMEOUT_MS });
    await expect(page.getByTestId('gateway-unreachable').textContent()).resolves.toMatch(/Cannot reach the gateway/);
    expect(await page.getByTestId('gateway-unreachable').getAttribute('role')).toBe('alert');
    await waitForBanner(page, /gateway cannot be reached/);
    expect(await page.getByTestId('services').isVisible()).toBe(true);
    await keepScreenshot(page, '/tmp/web-status-unreachable.png', { fullPage: true });

    await stack!.service('gateway').start();
    await waitForBanner(page, 'All systems operational');
    expect(await page.getByTestId('gateway-unreachable').count()).toBe(0);
    for (const service of ALL_SERVICES) expect(await card(page, service).getAttribute('data-status')).toBe('up');
    expect(await stillSameDocument(page)).toBe(true);

    await keepScreenshot(page, SCREENSHOT, { fullPage: true });
  });
});
