import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { apiClient, launchChromium, seedDemoAdmin, startProxmoxServer, startStack, type ApiCall, type ProxmoxServer, type SeededAdmin, type Stack, keepScreenshot } from '@pve-nexus/testing';
import { setOwnPassword, signIn, WebServer } from './web-server.js';

const VIEWPORT = { width: 1440, height: 900 };
const ADMIN_PASSWORD = 'chief passphrase for the fleet test';
const VIEWER = { email: 'val@example.com', name: 'Val Viewer', password: 'reader passphrase for the fleet test' };
/** Long enough for the UI to show a task running before it ends. */
const TASK_MS = 1_500;
/** Well under the 30 s auto-refresh: a change seen within this came from the event stream. */
const LIVE_MS = 12_000;

function row(page: Page, vmid: number) {
  return page.locator(`[data-testid="guest-row"][data-vmid="${vmid}"]`);
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('fleet-filters').getByLabel('Search').fill(text);
}

describe('the fleet dashboard and server health in the browser', () => {
  let pve: ProxmoxServer | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let admin: SeededAdmin;
  let api: ApiCall;
  let token: string;
  let tenantPath: string;
  let serverId: string;

  beforeAll(async () => {
    WebServer.assertBuilt();
    pve = await startProxmoxServer({ name: 'dash', host: '127.0.0.72', nodes: 2, guestsPerNode: 30, taskDurationMs: TASK_MS });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: '1000' } });
    api = apiClient(stack.gatewayUrl);
    admin = await seedDemoAdmin(stack);
    await setOwnPassword(stack.gatewayUrl, admin.email, admin.oneTimePassword, ADMIN_PASSWORD);
    const login = await api('POST', '/api/v1/auth/login', { body: { email: admin.email, password: ADMIN_PASSWORD } });
    token = login.body.accessToken;
    tenantPath = `/api/v1/tenants/${(login.body.memberships as Array<{ tenantId: string }>)[0]!.tenantId}`;

    const created = await api('POST', `${tenantPath}/servers`, {
      token,
      body: { name: 'dash', host: pve.host, port: pve.port, apiToken: `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}` },
    });
    expect(created.status).toBe(201);
    serverId = created.body.server.id;
    const tested = await api('POST', `${tenantPath}/servers/${serverId}/test`, { token });
    expect(tested.body.ok).toBe(true);
    const fingerprints = tested.body.nodes.map((node: { node: string; fingerprint: string }) => ({ node: node.node, fingerprint: node.fingerprint }));
    expect((await api('POST', `${tenantPath}/servers/${serverId}/fingerprints`, { token, body: { fingerprints } })).status).toBe(200);

    web = await WebServer.start(stack.gatewayUrl);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await signIn(page, web.url, admin.email, ADMIN_PASSWORD, '/t/demo/fleet');
  });

  afterAll(async () => {
    const steps: Array<[string, () => Promise<void> | undefined]> = [
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => pve?.close()],
    ];
    const failures: string[] = [];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(`${what}: ${String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`clean-up failed:\n${failures.join('\n')}`);
  });

  it('lists all 60 guests (rows virtualized), Fleet first in the nav, and filters by name', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').nth(1).textContent()).toBe('Fleet');
    expect(await nav.getByRole('link', { name: 'Fleet' }).getAttribute('aria-current')).toBe('page');
    const count = page.getByTestId('fleet-count');
    await page.locator('[data-testid="fleet-count"][data-total="60"]').waitFor();
    expect(await count.textContent()).toContain('60 guests on 1 server');
    // Only the visible window is in the DOM.
    const rendered = await page.getByTestId('guest-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await keepScreenshot(page, '/tmp/web-fleet.png');

    await search(page, 'n2');
    const second = [...pve!.cluster.guests.values()].filter((guest) => guest.name.includes('n2')).length;
    await page.locator(`[data-testid="fleet-count"][data-shown="${second}"]`).waitFor();
    expect(second).toBeLessThan(60);
    const names = await page.getByTestId('guest-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.fleet-name')?.textContent ?? ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toContain('n2');
    await search(page, '');
    await page.locator('[data-testid="fleet-count"][data-shown="60"]').waitFor();
  });

  it('stops a running VM after a confirmation: the task runs, ends, and the row turns stopped without a reload', async () => {
    const guest = [...pve!.cluster.guests.values()].find((candidate) => candidate.type === 'qemu' && candidate.state === 'running')!;
    await search(page, guest.name);
    const target = row(page, guest.vmid);
    await target.waitFor();
    expect(await target.getAttribute('data-status')).toBe('running');
    await target.getByRole('button', { name: `Stop ${guest.name}`, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Stop ${guest.name}?` }).waitFor();
    await keepScreenshot(page, '/tmp/web-fleet-confirm.png');
    await dialog.getByRole('button', { name: 'Stop', exact: true }).click();

    await target.locator('[data-testid="row-task"][data-state="running"]').waitFor({ timeout: LIVE_MS });
    await keepScreenshot(page, '/tmp/web-fleet-task-running.png');
    await target.locator('[data-testid="row-task"][data-state="done"]').waitFor({ timeout: LIVE_MS });
    await page.locator(`[data-testid="guest-row"][data-vmid="${guest.vmid}"][data-status="stopped"]`).waitFor({ timeout: LIVE_MS });
    expect(await target.getByTestId('row-task').textContent()).toBe('Stop done');
    expect(await target.getByRole('button', { name: `Start ${guest.name}`, exact: true }).isVisible()).toBe(true);
    await keepScreenshot(page, '/tmp/web-fleet-task-done.png');
  });

  it('shows a change made elsewhere (an action through the API) from the event stream', async () => {
    const guest = [...pve!.cluster.guests.values()].find((candidate) => candidate.state === 'stopped')!;
    await search(page, guest.name);
    await page.locator(`[data-testid="guest-row"][data-vmid="${guest.vmid}"][data-status="stopped"]`).waitFor();
    const started = await api('POST', `${tenantPath}/servers/${serverId}/nodes/${guest.node}/guests/${guest.vmid}/actions`, { token, body: { type: guest.type, action: 'start' } });
    expect(started.status).toBe(202);
    await page.locator(`[data-testid="guest-row"][data-vmid="${guest.vmid}"][data-status="running"]`).waitFor({ timeout: LIVE_MS });
    await search(page, '');
  });

  it('opens a server’s health from its card: status, learned timeout, charts and the recent checks', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    await page.getByRole('link', { name: 'Health of dash' }).click();
    await page.waitForURL(/\/servers\/[^/]+\/health$/);
    await page.getByRole('heading', { name: 'dash: health' }).waitFor();
    // Checks run every second; the page refreshes itself, a click is quicker.
    for (let i = 0; i < 20 && (await page.getByTestId('recent-check').count()) < 3; i++) {
      await page.waitForTimeout(1_000);
      await page.getByTestId('health-refresh').click();
    }
    await page.locator('[data-testid="success-chart"] svg.recharts-surface path').first().waitFor();
    // With one hour of checks a line is a single point: its path has no size, so it is attached, not visible; its dot is.
    const curve = page.locator('[data-testid="latency-chart"] svg.recharts-surface path.recharts-curve').first();
    await curve.waitFor({ state: 'attached' });
    expect(await curve.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/);
    await page.locator('[data-testid="latency-chart"] svg .recharts-line-dots circle').first().waitFor();
    expect(await page.getByTestId('health-status').textContent()).toContain('Online');
    expect(await page.getByTestId('learned-timeout').textContent()).toMatch(/^\d+ ms$/);
    expect(await page.getByTestId('recent-check').count()).toBeGreaterThanOrEqual(3);
    await keepScreenshot(page, '/tmp/web-fleet-health.png', { fullPage: true });
  });

  it('shows a viewer the fleet without any action button', async () => {
    const created = await api('POST', '/api/v1/users', { token, body: { email: VIEWER.email, displayName: VIEWER.name, password: VIEWER.password } });
    expect(created.status).toBe(201);
    expect((await api('PUT', `${tenantPath}/members`, { token, body: { email: VIEWER.email, role: 'viewer' } })).status).toBe(200);
    await setOwnPassword(stack!.gatewayUrl, VIEWER.email, VIEWER.password, `${VIEWER.password} 2`);
    const context = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const viewer = await context.newPage();
      await signIn(viewer, web!.url, VIEWER.email, `${VIEWER.password} 2`, '/t/demo/fleet');
      await viewer.locator('[data-testid="fleet-count"][data-total="60"]').waitFor();
      expect(await viewer.getByTestId('guest-row').count()).toBeGreaterThan(5);
      expect(await viewer.getByTestId('fleet-table').getByRole('button', { name: /^(Start|Stop|Shutdown|Reboot|Suspend|Resume) / }).count()).toBe(0);
      expect(await viewer.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
      await keepScreenshot(viewer, '/tmp/web-fleet-viewer.png');
    } finally {
      await context.close();
    }
  });
});
