import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { addMember, cleanUp, registerServer, signInSeededAdmin, startProxmoxServer, startStack, type ApiCall, type ProxmoxServer, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { signedInBrowser, signIn, WebServer } from './web-server.js';

const VIEWPORT = { width: 1280, height: 860 };
const PASSWORD = 'api browser test passphrase';
const MANAGER = 'mia@example.com';
const VIEWER = 'vic@example.com';

/** The entry of the tree (left pane) that opens `path`. */
function entry(page: Page, path: string) {
  return page.locator(`[data-testid="api-entry"][data-path="${path}"]`);
}

/** The JSON Proxmox answered, once it is shown. */
async function shownJson(page: Page): Promise<unknown> {
  return JSON.parse((await page.getByTestId('api-json').textContent()) ?? '');
}

async function crumbs(page: Page): Promise<string[]> {
  return page.getByTestId('api-breadcrumbs').locator('li').allTextContents();
}

describe('the read-only Proxmox API browser in the browser', () => {
  let pve: ProxmoxServer | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiCall;
  let admin: string;
  let tenantId: string;
  let serverId: string;

  beforeAll(async () => {
    WebServer.assertBuilt();
    pve = await startProxmoxServer({ name: 'lab', host: '127.0.0.74', nodes: 2, guestsPerNode: 3 });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: '0' } });
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    serverId = await registerServer(api, admin, tenantId, pve);
    // addMember replaces the password it sets with `${PASSWORD}!`.
    await addMember(api, admin, tenantId, MANAGER, 'manager', PASSWORD);
    await addMember(api, admin, tenantId, VIEWER, 'viewer', PASSWORD);
    web = await WebServer.start(stack.gatewayUrl);
    ({ browser, page } = await signedInBrowser(web.url, MANAGER, `${PASSWORD}!`, '/t/demo/servers', VIEWPORT));
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => pve?.close()],
    ]);
  });

  it('opens a server\'s API from its card, at the top of the whitelisted tree', async () => {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Proxmox API' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Proxmox API of lab' }).click();
    await page.waitForURL((url) => url.pathname === '/t/demo/api-browser' && url.searchParams.get('server') === serverId);
    await page.getByRole('heading', { name: 'Proxmox API' }).waitFor();
    await page.getByTestId('api-server').locator('option', { hasText: 'lab' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('api-server').inputValue()).toBe(serverId);
    await entry(page, 'nodes').waitFor();
    expect(await page.getByTestId('api-entry').allTextContents()).toEqual(['version', 'cluster/', 'nodes']);
    expect(await crumbs(page)).toEqual(['/api2/json']);
  });

  it('walks down to a guest\'s status by clicking entries, with breadcrumbs and the JSON of each answer', async () => {
    await entry(page, 'version').click();
    await page.getByTestId('api-json').waitFor();
    expect(await shownJson(page)).toMatchObject({ version: expect.any(String), release: expect.any(String) });

    await page.getByTestId('api-breadcrumbs').getByRole('link', { name: '/api2/json' }).click();
    await entry(page, 'nodes').click();
    await entry(page, 'nodes/pve2').waitFor();
    expect(await shownJson(page)).toEqual(expect.arrayContaining([expect.objectContaining({ node: 'pve1' }), expect.objectContaining({ node: 'pve2' })]));

    await entry(page, 'nodes/pve1').click();
    await entry(page, 'nodes/pve1/qemu').click();
    const guest = [...pve!.cluster.guests.values()].find((candidate) => candidate.node === 'pve1' && candidate.type === 'qemu')!;
    await entry(page, `nodes/pve1/qemu/${guest.vmid}`).waitFor();
    expect(await entry(page, `nodes/pve1/qemu/${guest.vmid}`).textContent()).toContain(guest.name);

    // The guest itself is a folder of the whitelist: nothing is asked of Proxmox until a leaf is chosen.
    await entry(page, `nodes/pve1/qemu/${guest.vmid}`).click();
    await entry(page, `nodes/pve1/qemu/${guest.vmid}/config`).waitFor();
    expect(await page.getByTestId('api-entry').allTextContents()).toEqual(['status/current', 'config']);
    expect(await page.getByTestId('api-content').textContent()).toContain('A folder');
    await entry(page, `nodes/pve1/qemu/${guest.vmid}/status/current`).click();
    await page.getByTestId('api-json').waitFor();
    expect(await shownJson(page)).toMatchObject({ vmid: guest.vmid, name: guest.name, status: expect.any(String) });
    expect(await crumbs(page)).toEqual(['/api2/json', 'nodes', 'pve1', 'qemu', String(guest.vmid), 'status', 'current']);
    await keepScreenshot(page, '/tmp/web-api-browser.png');

    // The path is in the address: Back returns to the guest's folder.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('path') === `nodes/pve1/qemu/${guest.vmid}`);
    await entry(page, `nodes/pve1/qemu/${guest.vmid}/config`).waitFor();

    const audit = await api('GET', `/api/v1/tenants/${tenantId}/audit?action=server.api.browse&limit=50`, { token: admin });
    expect((audit.body.entries as Array<{ details: { path: string } }>).map((one) => one.details.path)).toContain(`/nodes/pve1/qemu/${guest.vmid}/status/current`);
  });

  it('hides the browser from a viewer, as the API refuses it', async () => {
    const context = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const viewer = await context.newPage();
      await signIn(viewer, web!.url, VIEWER, `${PASSWORD}!`, '/t/demo/servers');
      await viewer.getByTestId('server-card').waitFor();
      expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Proxmox API' }).count()).toBe(0);
      expect(await viewer.getByTestId('server-api-link').count()).toBe(0);
      await viewer.goto(`${web!.url}/t/demo/api-browser?server=${serverId}&path=version`);
      await viewer.getByTestId('access-denied').waitFor();
      expect(await viewer.getByTestId('api-json').count()).toBe(0);
    } finally {
      await context.close();
    }
    const login = await api('POST', '/api/v1/auth/login', { body: { email: VIEWER, password: `${PASSWORD}!` } });
    expect((await api('GET', `/api/v1/tenants/${tenantId}/servers/${serverId}/api/version`, { token: login.body.accessToken })).status).toBe(403);
  });
});
