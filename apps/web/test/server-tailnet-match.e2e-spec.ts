import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cleanUp, keepScreenshot, signInSeededAdmin, startStack, startTailscaleApi, type Stack, type TailscaleApi } from '@pve-nexus/testing';
import { signedInBrowser, WebServer, type SignedInBrowser } from './web-server.js';

const PASSWORD = 'tailnet match passphrase 1';

// Issue 10, discovery: a Proxmox server whose host is one of the tenant's tailnet devices is offered
// "connect via Tailscale" with that device's MagicDNS name. The server is only stored, never dialled.
describe('a server that is on the tenant’s tailnet is offered "connect via Tailscale"', () => {
  let sim: TailscaleApi | undefined;
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let session: SignedInBrowser | undefined;
  let tenantSlug = '';

  beforeAll(async () => {
    WebServer.assertBuilt();
    sim = await startTailscaleApi({ devices: [{ hostname: 'pve-home', os: 'linux' }] });
    stack = await startStack({ services: ['inventory', 'discovery', 'gateway'], env: { TAILSCALE_API_URL: sim.url } });
    const { api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD);
    tenantSlug = (await api('GET', `/api/v1/tenants/${tenantId}`, { token: admin })).body.tenant.slug;
    const tenant = `/api/v1/tenants/${tenantId}`;
    expect((await api('PUT', `${tenant}/tailscale/credentials`, { token: admin, body: { control: 'tailscale', method: 'api_token', apiToken: sim.apiToken } })).status).toBe(200);
    const created = await api('POST', `${tenant}/servers`, { token: admin, body: { name: 'home lab', host: 'pve-home', port: 8006, apiToken: 'nexus@pve!lab=7a1c9f0e-5b7d-4a57-8d0c-2c3d4e5f6a7b' } });
    expect(created.status).toBe(201);
    web = await WebServer.start(stack.gatewayUrl);
    session = await signedInBrowser(web.url, (await api('GET', '/api/v1/me', { token: admin })).body.user.email, PASSWORD, `/t/${tenantSlug}/servers`, { width: 1440, height: 900 });
  });

  afterAll(async () => {
    await cleanUp([
      ['browser', () => session?.browser.close()],
      ['web', () => web?.stop()],
      ['stack', () => stack?.close()],
      ['simulator', () => sim?.close()],
    ]);
  });

  it('names the device on the card and opens the form with the Tailscale fields set', async () => {
    const page = session!.page;
    const match = page.locator('[data-testid="server-card"][data-name="home lab"]').getByTestId('server-tailnet-match');
    await match.filter({ hasText: `pve-home.${sim!.tailnet.magicDnsSuffix}` }).waitFor({ timeout: 60_000 });
    await keepScreenshot(page, '/tmp/web-server-tailnet-match.png');
    await match.getByRole('button', { name: 'Connect via Tailscale' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tailscale hostname/IP').waitFor({ timeout: 60_000 });
    expect(await dialog.getByLabel('Connect via Tailscale').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Tailscale hostname/IP').inputValue()).toBe(`pve-home.${sim!.tailnet.magicDnsSuffix}`);
  });
});
