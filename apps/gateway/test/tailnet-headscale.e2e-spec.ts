import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadscaleLab, signInSeededAdmin, startStack, tailnetTools, waitFor, type ApiCall, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'headscale discovery test 1';
const LIMIT_MS = 60_000;

// The same product against a real tailnet: headscale (control server) and userspace tailscaled nodes
// on loopback. Discovery lists the real nodes, imports one, mints a pre-auth key that a new tailscaled
// joins with, and the monitor sees that node go offline when it stops.
describe('a tenant’s headscale tailnet, with real tailscaled nodes', () => {
  let lab: HeadscaleLab;
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    await tailnetTools(); // built once per machine (minutes); not part of this test's own waits
    lab = await HeadscaleLab.start({ tags: ['tag:pve'] });
    await Promise.all([lab.startNode('pve-home'), lab.startNode('exec-sidecar', { socks5: true })]);
    stack = await startStack({ services: ['inventory', 'discovery', 'gateway'], env: { MONITOR_INTERVAL_MS: '300', DEVICE_OFFLINE_AFTER_MS: '1000', LOG_LEVEL: 'debug' } });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    secrets.push(lab.apiKey);
  }, 30 * 60_000);

  afterAll(async () => {
    await stack?.close();
    await lab?.stop();
  });

  const credentials = () => ({ control: 'headscale', method: 'api_token', url: lab.url, apiToken: lab.apiKey, magicDnsSuffix: 'tailnet.test', user: 'nexus' });
  const devices = async () => (await api('GET', `${tenant}/tailscale/devices`, { token: admin })).body.devices as Array<{ id: string; name: string; hostname: string; connectedToControl: boolean; addresses: { v4: string | null } }>;

  it('tests and stores the headscale credentials', async () => {
    const tested = await api('POST', `${tenant}/tailscale/test`, { token: admin, body: credentials() });
    expect(tested.body).toEqual({ ok: true, tailnet: 'tailnet.test', deviceCount: 2, reason: null, retryAfterSeconds: null });
    const wrongKey = await api('POST', `${tenant}/tailscale/test`, { token: admin, body: { ...credentials(), apiToken: 'hskey-api-AAAAAAAAAAAA-notthekeyatall0000000000000000000000' } });
    expect(wrongKey.body).toMatchObject({ ok: false });
    expect(wrongKey.body.reason).toMatch(/refused the credentials/i);
    const saved = await api('PUT', `${tenant}/tailscale/credentials`, { token: admin, body: credentials() });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ control: 'headscale', url: lab.url, magicDnsSuffix: 'tailnet.test', user: 'nexus' });
    expect(saved.text).not.toContain(lab.apiKey);
  });

  it('discovers the real nodes, online, by MagicDNS name and tailnet address', async () => {
    const list = await devices();
    expect(list.map((device) => device.name)).toEqual(['exec-sidecar.tailnet.test', 'pve-home.tailnet.test']);
    for (const device of list) {
      expect(device.connectedToControl).toBe(true);
      expect(device.addresses.v4).toMatch(/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./);
    }
  });

  it('imports a node as a machine reached by its MagicDNS name', async () => {
    const pveHome = (await devices()).find((device) => device.hostname === 'pve-home')!;
    const imported = await api('POST', `${tenant}/tailscale/import`, { token: admin, body: { devices: [{ deviceId: pveHome.id, displayName: 'Home lab PVE' }] } });
    expect(imported.status).toBe(201);
    expect(imported.body.machines[0]).toMatchObject({ hostname: 'pve-home.tailnet.test', tailscaleDeviceId: pveHome.id });
    const again = await api('POST', `${tenant}/tailscale/import`, { token: admin, body: { devices: [{ deviceId: pveHome.id, displayName: 'Twice' }] } });
    expect(again.status).toBe(409);
  });

  it('mints a pre-auth key a new tailscaled joins with, and validates the enrollment', async () => {
    const minted = await api('POST', `${tenant}/tailscale/auth-keys`, { token: admin, body: { expectedHostname: 'new-node', expirySeconds: 3_600 } });
    expect(minted.status).toBe(201);
    secrets.push(minted.body.key);
    expect(minted.body.key).toMatch(/^hskey-auth-/);
    expect(minted.body.command).toBe(`tailscale up --authkey=${minted.body.key} --login-server=${lab.url} --hostname=new-node`);
    const listed = await api('GET', `${tenant}/tailscale/auth-keys`, { token: admin });
    expect(listed.body.keys.map((key: { id: string }) => key.id)).toContain(minted.body.id);
    expect(listed.text).not.toContain(minted.body.key);

    const validate = () => api('POST', `${tenant}/tailscale/enrollments/${minted.body.enrollmentId}/validate`, { token: admin });
    expect((await validate()).body.enrolled).toBe(false);
    await lab.startNode('new-node', { authKey: minted.body.key });
    const done = await validate();
    expect(done.body).toMatchObject({ enrolled: true, device: { name: 'new-node.tailnet.test', connectedToControl: true } });
  });

  it('sees a stopped node go offline, as history', async () => {
    const newNode = (await devices()).find((device) => device.hostname === 'new-node')!;
    await lab.node('new-node').stop();
    await waitFor(
      'the monitor to record new-node offline',
      // Newest first: a node can flap while it joins, so only its latest event says where it is now.
      async () => ((await api('GET', `${tenant}/tailscale/events?deviceId=${newNode.id}`, { token: admin })).body.events as Array<{ kind: string }>)[0]?.kind === 'offline',
      LIMIT_MS,
    );
    const status = await api('GET', `${tenant}/tailscale/status`, { token: admin });
    expect(status.body).toMatchObject({ mode: 'tailscale', control: 'headscale', tailnet: 'tailnet.test', deviceCount: 3, onlineCount: 2 });
  });

  it('never writes the API key or an auth key to any service’s log', () => {
    const logs = [...stack.services.values()].map((service) => service.output.join('')).join('\n');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
