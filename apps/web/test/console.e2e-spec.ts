import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { GuestView } from '@pve-nexus/contracts';
import { addMember, cleanUp, freePort, registerServer, signInSeededAdmin, startProxmoxServer, startStack, waitFor, type ProxmoxServer, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { signedInBrowser, signIn, WebServer } from './web-server.js';

const VIEWPORT = { width: 1440, height: 900 };
const PASSWORD = 'console browser test passphrase';
const MANAGER = 'mona.manager@example.com';
const TENANT_ADMIN = 'ada.admin@example.com';
const VIEWER = 'vic.viewer@example.com';
/** Generous bounds for what happens within a second or two, on a shared, busy machine. */
const CONNECT_MS = 20_000;
const KEYSYM = { q: 0x71, H: 0x48, i: 0x69, bang: 0x21, shift: 0xffe1, control: 0xffe3, alt: 0xffe9, delete: 0xffff };

const status = (page: Page, state: string) => page.locator(`[data-testid="console-status"][data-state="${state}"]`);
const canvasSelector = '[data-testid="console-screen"] canvas';

/** The remote screen as noVNC drew it. */
function screenImage(page: Page): Promise<string> {
  return page.locator(canvasSelector).evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

/** Waits until the remote screen differs from `before` (the simulator's clock ticks every second). */
async function waitForScreenChange(page: Page, before: string): Promise<void> {
  await page.waitForFunction(([selector, previous]) => (document.querySelector(selector) as HTMLCanvasElement | null)?.toDataURL() !== previous, [canvasSelector, before] as const, { timeout: CONNECT_MS });
}

/** The text lines xterm.js shows. */
function terminalLines(page: Page): Promise<string[]> {
  return page.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').trimEnd()));
}

describe('guest consoles in the browser, through two relay replicas', () => {
  let pve: ProxmoxServer | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let vm: GuestView;
  let container: GuestView;
  let vmHref: string;

  /** Key-down keysyms the simulator received for the VM after `from` events. */
  const keysDown = (from: number) =>
    pve!
      .rfbEvents(vm.vmid)
      .slice(from)
      .flatMap((event) => (event.type === 'key' && event.down ? [event.key] : []));

  beforeAll(async () => {
    WebServer.assertBuilt();
    pve = await startProxmoxServer({ name: 'consoles', host: '127.0.0.75', nodes: 1, guestsPerNode: 8 });
    // The relays accept WebSockets only from the web UI's origin, so its port is chosen first.
    const webPort = await freePort();
    stack = await startStack({
      services: ['inventory', 'executor', 'console-relay', 'gateway'],
      relayReplicas: 2,
      env: { RELAY_ALLOWED_ORIGINS: `http://127.0.0.1:${webPort}` },
    });
    const { api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD);
    await addMember(api, admin, tenantId, MANAGER, 'manager', PASSWORD);
    await addMember(api, admin, tenantId, VIEWER, 'viewer', PASSWORD);
    await addMember(api, admin, tenantId, TENANT_ADMIN, 'admin', PASSWORD);
    const serverId = await registerServer(api, admin, tenantId, pve);
    const running = (type: 'qemu' | 'lxc') => [...pve!.cluster.guests.values()].find((guest) => guest.type === type && guest.state === 'running');
    const listed = (await api('GET', `/api/v1/tenants/${tenantId}/fleet`, { token: admin })).body.guests as GuestView[];
    const find = (vmid: number | undefined) => listed.find((guest) => guest.serverId === serverId && guest.vmid === vmid)!;
    vm = find(running('qemu')?.vmid);
    container = find(running('lxc')?.vmid);
    expect(vm).toBeDefined();
    expect(container).toBeDefined();

    web = await WebServer.start(stack.gatewayUrl, webPort, stack.relayUrls);
    ({ browser, context, page } = await signedInBrowser(web.url, MANAGER, `${PASSWORD}!`, '/t/demo/fleet', VIEWPORT));
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => pve?.close()],
    ]);
  });

  it('opens a running VM’s console from its fleet row in a new tab', async () => {
    await page.getByTestId('fleet-filters').getByLabel('Search').fill(vm.name);
    const link = page.locator(`[data-testid="guest-row"][data-vmid="${vm.vmid}"]`).getByRole('link', { name: `Open the console of ${vm.name}` });
    vmHref = (await link.getAttribute('href'))!;
    expect(vmHref).toBe(`/t/demo/servers/${vm.serverId}/nodes/${vm.node}/guests/${vm.vmid}/console?type=qemu`);
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await status(tab, 'connected').waitFor({ timeout: CONNECT_MS });
    await tab.getByRole('heading', { name: vm.name }).waitFor();
    expect(await tab.getByTestId('console-view-only').count()).toBe(0);
    await tab.close();
  });

  it('shows the VM’s screen changing and sends keys, clipboard text, typed text and Ctrl+Alt+Del to it', async () => {
    await page.goto(`${web!.url}${vmHref}`);
    await status(page, 'connected').waitFor({ timeout: CONNECT_MS });
    await waitForScreenChange(page, await screenImage(page));
    await keepScreenshot(page, '/tmp/web-console-vnc.png');

    const before = pve!.rfbEvents(vm.vmid).length;
    await page.locator(canvasSelector).click();
    await page.keyboard.press('q');
    await waitFor('the key to reach the simulated VM', async () => keysDown(before).includes(KEYSYM.q), CONNECT_MS);

    const clipboard = page.getByTestId('console-clipboard').getByRole('textbox');
    const session = pve!.consoleSessions().find((entry) => entry.vmid === vm.vmid && entry.active && entry.rfb);
    session!.rfb!.sendClipboard('copied in the guest');
    await waitFor('the guest’s clipboard in the panel', async () => (await clipboard.inputValue()) === 'copied in the guest', CONNECT_MS);

    await clipboard.fill('for the guest');
    await page.getByRole('button', { name: 'Send to guest clipboard' }).click();
    await waitFor('the clipboard text to reach the VM', async () => pve!.rfbEvents(vm.vmid).some((event) => event.type === 'cut-text' && event.text === 'for the guest'), CONNECT_MS);

    const typedFrom = pve!.rfbEvents(vm.vmid).length;
    await clipboard.fill('Hi!');
    await page.getByRole('button', { name: 'Type as keystrokes' }).click();
    await waitFor('the typed text to reach the VM', async () => keysDown(typedFrom).length === 5, CONNECT_MS);
    expect(keysDown(typedFrom)).toEqual([KEYSYM.shift, KEYSYM.H, KEYSYM.i, KEYSYM.shift, KEYSYM.bang]);

    const cadFrom = pve!.rfbEvents(vm.vmid).length;
    await page.getByTestId('console-ctrl-alt-del').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Send Ctrl+Alt+Del?' }).waitFor();
    await dialog.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    await waitFor('Ctrl+Alt+Del to reach the VM', async () => keysDown(cadFrom).length === 3, CONNECT_MS);
    expect(keysDown(cadFrom)).toEqual([KEYSYM.control, KEYSYM.alt, KEYSYM.delete]);
    await keepScreenshot(page, '/tmp/web-console-vnc-tools.png');

    await page.getByTestId('console-fullscreen').click();
    await page.waitForFunction(() => (document.fullscreenElement as HTMLElement | null)?.dataset.testid === 'console');
    // The label follows the browser's fullscreenchange event, which can land after the element switch.
    await page.getByTestId('console-fullscreen').filter({ hasText: 'Exit fullscreen' }).waitFor({ timeout: CONNECT_MS });
    await page.getByTestId('console-fullscreen').click();
    await page.waitForFunction(() => document.fullscreenElement === null);
  });

  it('reconnects through the other replica when the one serving the console is killed', async () => {
    const sockets: string[] = [];
    const vmPage = await context.newPage();
    // Headless Chromium paints (and screenshots) only the tab in front.
    await vmPage.bringToFront();
    vmPage.on('websocket', (socket) => sockets.push(socket.url()));
    await vmPage.goto(`${web!.url}${vmHref}`);
    await status(vmPage, 'connected').waitFor({ timeout: CONNECT_MS });
    const servingUrl = sockets.at(-1)!;
    const serving = stack!.relays[stack!.relayUrls.indexOf(servingUrl)];
    expect(serving).toBeDefined();

    const replaced = vmPage.waitForEvent('websocket', { predicate: (socket) => socket.url() !== servingUrl, timeout: CONNECT_MS });
    serving!.signal('SIGKILL');
    await replaced;
    await status(vmPage, 'connected').waitFor({ timeout: CONNECT_MS });
    await waitForScreenChange(vmPage, await screenImage(vmPage));
    const before = pve!.rfbEvents(vm.vmid).length;
    await vmPage.locator(canvasSelector).click();
    await vmPage.keyboard.press('q');
    await waitFor('a key after the reconnect to reach the VM', async () => keysDown(before).includes(KEYSYM.q), CONNECT_MS);
    await keepScreenshot(vmPage, '/tmp/web-console-reconnected.png');
    await vmPage.close();
  });

  it('opens a container’s terminal: typed input runs and its output shows', async () => {
    await page.goto(`${web!.url}/t/demo/servers/${container.serverId}/nodes/${container.node}/guests/${container.vmid}/console?type=lxc`);
    await status(page, 'connected').waitFor({ timeout: CONNECT_MS });
    await waitFor('the prompt', async () => (await terminalLines(page)).some((line) => line.startsWith(`root@${container.name}:~#`)), CONNECT_MS);
    await page.locator('.xterm').click();
    await page.keyboard.type('echo hi');
    await page.keyboard.press('Enter');
    await waitFor('the output of echo', async () => (await terminalLines(page)).includes('hi'), CONNECT_MS);
    await keepScreenshot(page, '/tmp/web-console-terminal.png');
  });

  it('gives a viewer a view-only console without input actions', async () => {
    const viewerContext = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const viewer = await viewerContext.newPage();
      await signIn(viewer, web!.url, VIEWER, `${PASSWORD}!`, '/t/demo/fleet');
      await viewer.goto(`${web!.url}${vmHref}`);
      await status(viewer, 'connected').waitFor({ timeout: CONNECT_MS });
      await viewer.getByTestId('console-view-only').waitFor();
      expect(await viewer.getByTestId('console-ctrl-alt-del').count()).toBe(0);
      expect(await viewer.getByRole('button', { name: 'Type as keystrokes' }).count()).toBe(0);
      await waitForScreenChange(viewer, await screenImage(viewer));
      await keepScreenshot(viewer, '/tmp/web-console-viewer.png');
    } finally {
      await viewerContext.close();
    }
  });
  it('lists live consoles to a tenant admin, who can end one: its viewer is told why', async () => {
    await page.goto(`${web!.url}${vmHref}`);
    await status(page, 'connected').waitFor({ timeout: CONNECT_MS });
    const adminContext = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const adminPage = await adminContext.newPage();
      await signIn(adminPage, web!.url, TENANT_ADMIN, `${PASSWORD}!`, '/t/demo/fleet');
      await adminPage.getByRole('link', { name: 'Live consoles' }).click();
      const row = adminPage.getByTestId('console-session-row').filter({ hasText: vm.name }).filter({ hasText: 'Screen' }).last();
      await row.waitFor({ timeout: CONNECT_MS });
      await row.getByRole('button', { name: 'End' }).click();
      await adminPage.getByRole('button', { name: 'End console' }).click();
      await adminPage.getByText(/Ended the console of/).waitFor();
      await status(page, 'disconnected').waitFor({ timeout: CONNECT_MS });
      expect(await page.getByTestId('console-ended-reason').textContent()).toContain('An administrator ended this console session.');
    } finally {
      await adminContext.close();
    }
  });
});
