import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { addMember, cleanUp, closeProxmoxFleet, launchChromium, registerServer, signInSeededAdmin, startProxmoxFleet, startStack, type ProxmoxServer, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { signIn, WebServer } from './web-server.js';

const VIEWPORT = { width: 1440, height: 900 };
const PASSWORD = 'fleet server status passphrase';
const INTERVAL_MS = 800;
/** Well under the dashboard's 30 s auto-refresh: a change seen within this came from the event stream. */
const LIVE_MS = 12_000;

describe('the fleet dashboard follows server status live', () => {
  let pves: ProxmoxServer[] | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    WebServer.assertBuilt();
    pves = await startProxmoxFleet({ servers: 2, guestsPerNode: 3, nodesPerServer: 1, seed: 21 });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: String(INTERVAL_MS) } });
    const { api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD);
    for (const pve of pves) await registerServer(api, admin, tenantId, pve, { connectTimeoutMs: 3_000 });
    // A viewer: server status is for everyone who sees the fleet. addMember sets `${PASSWORD}!`.
    await addMember(api, admin, tenantId, 'vanessa@example.com', 'viewer', PASSWORD);
    web = await WebServer.start(stack.gatewayUrl);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await signIn(page, web.url, 'vanessa@example.com', `${PASSWORD}!`, '/t/demo/fleet');
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => pves && closeProxmoxFleet(pves)],
    ]);
  });

  it('shows a server that stops answering without a reload, and lists its guests again once it answers', async () => {
    const [, down] = pves!;
    await page.locator('[data-testid="fleet-count"][data-total="6"]').waitFor();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    expect(await page.getByTestId('server-error').count()).toBe(0);

    await down!.stopListening();
    const alert = page.locator(`[data-testid="server-error"] [data-server="${down!.name}"][data-source="live"]`);
    await alert.waitFor({ timeout: LIVE_MS });
    expect(await alert.getAttribute('data-reason')).toBe('refused');
    expect(await page.getByTestId('server-error').getByText(`${down!.name} stopped answering`).count()).toBe(1);
    await keepScreenshot(page, '/tmp/web-fleet-server-down.png');

    // A refresh now lists it failed, without its guests.
    await page.getByTestId('fleet-refresh').click();
    await page.locator('[data-testid="fleet-count"][data-total="3"]').waitFor();
    await page.locator(`[data-testid="server-error"] [data-server="${down!.name}"][data-source="list"]`).waitFor();

    // Answering again: the event makes the dashboard read the list again, guests included.
    await down!.startListening();
    await page.locator('[data-testid="fleet-count"][data-total="6"]').waitFor({ timeout: LIVE_MS });
    await page.getByTestId('server-error').waitFor({ state: 'detached', timeout: LIVE_MS });
  });
});
