import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiClient,
  cleanUp,
  keepScreenshot,
  launchChromium,
  seedDemoAdmin,
  startMagicDns,
  startProxmoxServer,
  startSocks5Proxy,
  startStack,
  type MagicDns,
  type ProxmoxServer,
  type SeededAdmin,
  type Socks5Proxy,
  type Stack,
} from '@pve-nexus/testing';
import { setOwnPassword, signIn, WebServer } from './web-server.js';

const VIEWPORT = { width: 1280, height: 860 };
const ADMIN_PASSWORD = 'chief passphrase for the servers test';
const VIEWER = { email: 'vera@example.com', name: 'Vera Viewer', password: 'reader passphrase for the servers test' };
const HEADER = 'name,host,port,api_token,verify_ssl,use_tailscale,tailscale_hostname,tailscale_port';
const csvToken = (i: number) => `nexus@pve!csv${i}=9d1e6c2a-0000-4000-8000-${String(i).padStart(12, '0')}`;

function card(page: Page, name: string) {
  return page.locator(`[data-testid="server-card"][data-name="${name}"]`);
}

async function cardNames(page: Page): Promise<string[]> {
  return page.getByTestId('server-card').evaluateAll((cards) => cards.map((element) => (element as HTMLElement).dataset.name ?? ''));
}

describe('servers in the browser: add with a connection test, pin certificates, Tailscale, CSV import', () => {
  let pve: ProxmoxServer | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let admin: SeededAdmin;
  let dns: MagicDns;
  let proxy: Socks5Proxy;

  beforeAll(async () => {
    WebServer.assertBuilt();
    pve = await startProxmoxServer({ name: 'web', host: '127.0.0.71', nodes: 2 });
    // Tailnet endpoints go to a local SOCKS5 proxy that knows no names: nothing leaves this machine.
    dns = await startMagicDns();
    proxy = await startSocks5Proxy(dns);
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { TAILNET_ACCESS: 'socks5', TAILNET_SOCKS5_URL: proxy.url } });
    admin = await seedDemoAdmin(stack);
    await setOwnPassword(stack.gatewayUrl, admin.email, admin.oneTimePassword, ADMIN_PASSWORD);
    web = await WebServer.start(stack.gatewayUrl);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, web.url, admin.email, ADMIN_PASSWORD, '/t/demo/servers');
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => browser?.close()],
      ['web server', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => pve?.close()],
      ['tailnet proxy', () => proxy?.close()],
      ['magic dns', () => dns?.close()],
    ]);
  });

  it('adds a server: Test shows the version and each node fingerprint, Test & Save creates the card, accepting pins both nodes', async () => {
    const sim = pve!;
    await page.getByRole('heading', { name: 'Servers' }).waitFor();
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).getAttribute('aria-current')).toBe('page');
    await keepScreenshot(page, '/tmp/web-servers-empty.png');

    await page.getByTestId('add-server').click();
    const dialog = page.getByTestId('server-form-dialog');
    await dialog.getByRole('heading', { name: 'Add Proxmox server' }).waitFor();
    expect(await dialog.getByLabel('API token').getAttribute('placeholder')).toMatch(/^user@realm!tokenid=/);
    await dialog.getByLabel('Server name').fill('web');
    await dialog.getByLabel('Host/IP address').fill('127.0.0.71');
    await dialog.getByLabel('Port', { exact: true }).fill(String(sim.port));
    await dialog.getByLabel('API token').fill(`${sim.tokens.full.tokenId}=${sim.tokens.full.secret}`);
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();

    const result = dialog.locator('[data-testid="connection-test"][data-ok="true"]');
    await result.waitFor();
    await expect(result.getByTestId('test-version').textContent()).resolves.toBe('8.4.1');
    await expect(result.getByTestId('test-node-count').textContent()).resolves.toMatch(/^2 /);
    const nodes = await result.getByTestId('test-node').evaluateAll((rows) =>
      rows.map((row) => ({ node: (row as HTMLElement).dataset.node, pin: (row as HTMLElement).dataset.pin, fingerprint: row.querySelector('[data-testid="test-fingerprint"]')?.textContent })),
    );
    expect(nodes).toEqual(sim.nodes.map((node) => ({ node, pin: 'new', fingerprint: sim.fingerprintOf(node) })));
    await keepScreenshot(dialog, '/tmp/web-servers-test.png');
    // Tested, not saved.
    expect(await page.getByTestId('server-card').count()).toBe(0);

    await dialog.getByRole('button', { name: 'Test & Save' }).click();
    await dialog.getByTestId('server-saved').waitFor();
    const review = dialog.getByTestId('fingerprint-review');
    await review.waitFor();
    await card(page, 'web').waitFor(); // the card is there already, not trusted yet
    await expect(card(page, 'web').getByTestId('server-pins').getAttribute('data-count')).resolves.toBe('0');
    await keepScreenshot(dialog, '/tmp/web-servers-accept.png');

    await review.getByRole('button', { name: 'Accept 2 fingerprints' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId('servers-message').textContent()).resolves.toBe('Added web and accepted the fingerprints of 2 nodes.');
    const pins = card(page, 'web').getByTestId('server-pins');
    await expect(pins.textContent()).resolves.toBe('Pinned · 2 nodes');
    await expect(card(page, 'web').getByTestId('server-host').textContent()).resolves.toBe(`127.0.0.71:${sim.port}`);
    await expect(card(page, 'web').getByTestId('server-status').textContent()).resolves.toContain('Not checked yet');

    // Stored, not only on screen; a test of the stored server now finds both certificates pinned.
    await page.reload();
    await card(page, 'web').getByTestId('server-pins').filter({ hasText: 'Pinned · 2 nodes' }).waitFor();
    await card(page, 'web').getByRole('button', { name: 'Test web' }).click();
    const testDialog = page.getByTestId('server-test-dialog');
    await testDialog.locator('[data-testid="connection-test"][data-ok="true"]').waitFor();
    expect(await testDialog.getByTestId('test-node').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.pin))).toEqual(['match', 'match']);
    expect(await testDialog.getByTestId('fingerprint-review').count()).toBe(0);
    await testDialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await testDialog.waitFor({ state: 'detached' });
    await card(page, 'web').locator('[data-testid="server-last-test"][data-ok="true"]').waitFor();
  });

  it('offers a rotated certificate for acceptance only behind a warning and a confirmation', async () => {
    const sim = pve!;
    const rotated = await sim.rotateCertificate(sim.entryNode);
    await card(page, 'web').getByRole('button', { name: 'Test web' }).click();
    const testDialog = page.getByTestId('server-test-dialog');
    await testDialog.locator('[data-testid="connection-test"][data-reason="tls-pin-mismatch"]').waitFor();
    await expect(testDialog.getByTestId('test-failure-title').textContent()).resolves.toBe('Connection failed: Certificate does not match');
    await expect(testDialog.getByTestId('fingerprint-warning').textContent()).resolves.toContain('This could be an attack.');
    await expect(testDialog.getByTestId('presented-fingerprint').textContent()).resolves.toBe(rotated);
    await expect(testDialog.getByTestId('entry-node').inputValue()).resolves.toBe(sim.entryNode);
    const accept = testDialog.getByTestId('accept-fingerprints');
    expect(await accept.isDisabled()).toBe(true);
    await keepScreenshot(testDialog, '/tmp/web-servers-pin-mismatch.png');

    await testDialog.getByTestId('confirm-changed').check();
    await accept.click();
    await testDialog.getByTestId('accepted-message').filter({ hasText: `Accepted the certificate of ${sim.entryNode}.` }).waitFor();
    await testDialog.locator('[data-testid="connection-test"][data-ok="true"]').waitFor();
    expect(await testDialog.getByTestId('test-node').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.pin))).toEqual(['match', 'match']);
    await testDialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  });

  it('shows the Tailscale fields only when enabled, refuses a LAN address there, and shows API field errors', async () => {
    await page.getByTestId('add-server').click();
    const dialog = page.getByTestId('server-form-dialog');
    await dialog.getByLabel('Server name').waitFor();
    expect(await dialog.getByTestId('tailscale-fields').count()).toBe(0);
    await dialog.getByLabel('Connect via Tailscale').check();
    await dialog.getByTestId('tailscale-fields').waitFor();
    await expect(dialog.getByLabel('Tailscale port').inputValue()).resolves.toBe('8006');

    await dialog.getByLabel('Server name').fill('web');
    await dialog.getByLabel('Host/IP address').fill('127.0.0.99');
    await dialog.getByLabel('API token').fill('nexus@pve!lab=7a1c9f0e-5b7d-4a57-8d0c-2c3d4e5f6a7b');
    await dialog.getByLabel('Connect timeout').fill('1');
    await dialog.getByLabel('Tailscale hostname/IP').fill('127.0.0.10');
    await dialog.getByRole('button', { name: 'Test & Save' }).click();
    const hostError = dialog.getByTestId('tailscale-fields').getByTestId('field-error');
    await expect(hostError.textContent()).resolves.toMatch(/^127\.0\.0\.10 is not a Tailscale address/);
    expect(await dialog.getByLabel('Tailscale hostname/IP').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('connection-test').count()).toBe(0); // refused before anything was sent
    await keepScreenshot(dialog, '/tmp/web-servers-tailscale.png');

    // A tailnet name nothing answers at: the test fails in plain words, and saving is a second, deliberate click.
    await dialog.getByLabel('Tailscale hostname/IP').fill('pve-web.tail-test.ts.net');
    await dialog.getByRole('button', { name: 'Test & Save' }).click();
    await dialog.locator('[data-testid="connection-test"][data-ok="false"]').waitFor();
    await expect(dialog.getByTestId('test-failure-advice').textContent()).resolves.toMatch(/pve-web\.tail-test\.ts\.net/);
    // The API's own answer (409, the name is taken) shows next to the field it is about.
    await dialog.getByTestId('save-anyway').click();
    await dialog.locator('input[name="name"][aria-invalid="true"]').waitFor();
    await expect(dialog.getByTestId('field-error').first().textContent()).resolves.toBe('Already in use');
    expect(await dialog.getByTestId('save-anyway').count()).toBe(0);

    await dialog.getByLabel('Server name').fill('lab-tailnet');
    await dialog.getByRole('button', { name: 'Test & Save' }).click();
    await dialog.getByTestId('save-anyway').click();
    await dialog.waitFor({ state: 'detached' });
    const tailnetCard = card(page, 'lab-tailnet');
    await expect(tailnetCard.getByTestId('server-tailscale').textContent()).resolves.toContain('pve-web.tail-test.ts.net:8006');
    expect(await tailnetCard.getByTestId('server-tailscale').getByRole('img', { name: 'Connects via Tailscale' }).count()).toBe(1);

    // Edit: the token is write-only (empty keeps it), but a new address needs it entered again.
    await tailnetCard.getByRole('button', { name: 'Edit lab-tailnet' }).click();
    const edit = page.getByTestId('server-form-dialog');
    await expect(edit.getByLabel('API token').inputValue()).resolves.toBe('');
    await expect(edit.getByLabel('Tailscale hostname/IP').inputValue()).resolves.toBe('pve-web.tail-test.ts.net');
    await edit.getByLabel('Connect via Tailscale').uncheck();
    expect(await edit.getByTestId('tailscale-fields').count()).toBe(0);
    await edit.getByRole('button', { name: 'Test & Save' }).click();
    await edit.locator('input[name="apiToken"][aria-invalid="true"]').waitFor();
    await expect(edit.getByTestId('field-error').first().textContent()).resolves.toContain('Enter the API token again');
    expect(await edit.getByTestId('connection-test').count()).toBe(0); // refused before anything was sent
    await edit.getByLabel('API token').fill('nexus@pve!lab=7a1c9f0e-5b7d-4a57-8d0c-2c3d4e5f6a7b');
    await edit.getByRole('button', { name: 'Test & Save' }).click();
    await edit.locator('[data-testid="connection-test"][data-ok="false"]').waitFor();
    await expect(edit.getByTestId('connection-test').textContent()).resolves.toContain('127.0.0.99');
    await edit.getByTestId('save-anyway').click();
    await edit.waitFor({ state: 'detached' });
    expect(await tailnetCard.getByTestId('server-tailscale').count()).toBe(0);
  });

  it('imports a CSV: the dry run names the bad line and blocks the import; the fixed file imports whole', async () => {
    const rows = (badPort: string) =>
      [
        HEADER,
        `csv-alpha,127.10.0.1,8006,${csvToken(1)},false,false,,`,
        `csv-beta,127.10.0.2,${badPort},${csvToken(2)},true,false,,`,
        `csv-gamma,127.10.0.3,8006,${csvToken(3)},false,true,pve-gamma.tail-test.ts.net,8006`,
        '',
      ].join('\n');

    await page.getByTestId('import-csv').click();
    const dialog = page.getByTestId('csv-import-dialog');
    await expect(dialog.getByTestId('csv-template').getAttribute('href')).resolves.toContain(encodeURIComponent(HEADER));
    await dialog.getByTestId('csv-file').setInputFiles({ name: 'servers.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('70000')) });
    await dialog.getByTestId('csv-file-name').filter({ hasText: 'servers.csv' }).waitFor();
    await dialog.getByTestId('csv-check').click();
    const report = dialog.getByTestId('csv-report');
    await report.waitFor();
    await expect(report.getByTestId('csv-rows').textContent()).resolves.toBe('3');
    await expect(report.getByTestId('csv-invalid').textContent()).resolves.toBe('1');
    const problems = await report.getByTestId('csv-problem').evaluateAll((found) => found.map((row) => `${(row as HTMLElement).dataset.line}:${(row as HTMLElement).dataset.column}`));
    expect(problems).toEqual(['3:port']);
    expect(await dialog.getByTestId('csv-import').isDisabled()).toBe(true);
    await keepScreenshot(dialog, '/tmp/web-servers-import.png');

    await dialog.getByTestId('csv-file').setInputFiles({ name: 'servers-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('8006')) });
    await dialog.getByTestId('csv-file-name').filter({ hasText: 'servers-fixed.csv' }).waitFor();
    expect(await dialog.getByTestId('csv-report').count()).toBe(0); // a changed file must be checked again
    await dialog.getByTestId('csv-check').click();
    await dialog.getByTestId('csv-ready').waitFor();
    const importButton = dialog.getByRole('button', { name: 'Import 3 servers' });
    expect(await importButton.isEnabled()).toBe(true);
    await importButton.click();
    await expect(dialog.getByTestId('import-result').textContent()).resolves.toContain('Imported 3 servers');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    await card(page, 'csv-gamma').waitFor();
    expect(await cardNames(page)).toEqual(['csv-alpha', 'csv-beta', 'csv-gamma', 'lab-tailnet', 'web']);
    await expect(card(page, 'csv-beta').getByTestId('server-tls').textContent()).resolves.toContain('CA verification');
    await expect(card(page, 'csv-gamma').getByTestId('server-tailscale').textContent()).resolves.toContain('pve-gamma.tail-test.ts.net:8006');
    await keepScreenshot(page, '/tmp/web-servers.png', { fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^servers-demo-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = await readFile((await download.path())!, 'utf8');
    expect(exported.split(/\r?\n/)[0]).toBe(HEADER);
    expect(exported).toContain('csv-gamma,127.10.0.3,8006,,false,true,pve-gamma.tail-test.ts.net,8006');
    expect(exported).not.toContain(pve!.tokens.full.secret);
  });

  it('shows a viewer the cards and the export, without Add, Import, Test, Edit or Delete', async () => {
    const api = apiClient(stack!.gatewayUrl);
    const login = await api('POST', '/api/v1/auth/login', { body: { email: admin.email, password: ADMIN_PASSWORD } });
    const token = login.body.accessToken as string;
    const created = await api('POST', '/api/v1/users', { token, body: { email: VIEWER.email, displayName: VIEWER.name, password: VIEWER.password } });
    expect(created.status).toBe(201);
    const tenantId = (login.body.memberships as Array<{ tenantId: string }>)[0]!.tenantId;
    expect((await api('PUT', `/api/v1/tenants/${tenantId}/members`, { token, body: { email: VIEWER.email, role: 'viewer' } })).status).toBe(200);
    await setOwnPassword(stack!.gatewayUrl, VIEWER.email, VIEWER.password, `${VIEWER.password} 2`);

    const viewerContext = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const viewer = await viewerContext.newPage();
      await signIn(viewer, web!.url, VIEWER.email, `${VIEWER.password} 2`, '/t/demo/servers');
      await card(viewer, 'web').waitFor();
      expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Status', 'Fleet', 'Servers', 'Machines', 'Tailscale', 'Settings']);
      expect(await viewer.getByTestId('export-csv').isVisible()).toBe(true);
      for (const hidden of ['add-server', 'import-csv']) expect(await viewer.getByTestId(hidden).count()).toBe(0);
      expect(await viewer.getByTestId('server-card').getByRole('button').count()).toBe(0);
      await keepScreenshot(viewer, '/tmp/web-servers-viewer.png');
    } finally {
      await viewerContext.close();
    }
  });
});
