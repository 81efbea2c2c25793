import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  apiClient,
  HeadscaleLab,
  seedDemoAdmin,
  startMagicDns,
  startProxmoxServer,
  startStack,
  tailnetTools,
  type ApiCall,
  type ProxmoxServer,
  type Stack,
  type TailnetNode,
} from '@pve-nexus/testing';

/** The homelab node's MagicDNS name on the lab's tailnet. */
const TAILNET_NAME = 'pve-tail.tailnet.test';
const PUBLIC_ONLY_NAME = 'pve-public.tailnet.test';

async function signIn(stack: Stack): Promise<{ api: ApiCall; admin: string; tenantId: string }> {
  const api = apiClient(stack.gatewayUrl);
  const seeded = await seedDemoAdmin(stack);
  const first = await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password: seeded.oneTimePassword } });
  await api('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: seeded.oneTimePassword, newPassword: 'reach test passphrase 1' } });
  return { api, admin: first.body.accessToken, tenantId: first.body.memberships[0].tenantId };
}

const tokenOf = (pve: ProxmoxServer) => `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}`;

// Seed 000 on Tailscale's own software: headscale and userspace tailscaled nodes on loopback. The
// executor reaches the tailnet through a sidecar node's SOCKS5 proxy (TAILNET_ACCESS=socks5), and the
// homelab node publishes its Proxmox API with `tailscale serve`.
describe('reaching Proxmox servers directly or through the tailnet (TAILNET_ACCESS=socks5)', () => {
  let lab: HeadscaleLab;
  let sidecar: TailnetNode;
  let tailnetOnly: ProxmoxServer;
  let publicOnly: ProxmoxServer;
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let servers: string;

  beforeAll(async () => {
    await tailnetTools(); // built once per machine (minutes); not part of this test's own waits
    tailnetOnly = await startProxmoxServer({ name: 'tail', nodes: 2 });
    // Listens on one address only, so an answer proves which address was used.
    publicOnly = await startProxmoxServer({ name: 'public', host: '127.0.0.43', nodes: 1 });
    lab = await HeadscaleLab.start();
    [sidecar] = await Promise.all([lab.startNode('exec-sidecar', { socks5: true }), lab.startNode('pve-tail', { serve: [{ tcpPort: 8006, target: tailnetOnly.port }] })]);
    await sidecar.waitForPeer('pve-tail');
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { TAILNET_ACCESS: 'socks5', TAILNET_SOCKS5_URL: sidecar.socksProxy! } });
    ({ api, admin } = await signIn(stack).then((signed) => {
      servers = `/api/v1/tenants/${signed.tenantId}/servers`;
      return signed;
    }));
  }, 30 * 60_000);

  afterAll(async () => {
    await stack?.close();
    await lab?.stop();
    await tailnetOnly?.close();
    await publicOnly?.close();
  });

  /** Bytes the sidecar sent to the homelab node: they grow when a request went over the tailnet. */
  const sentToHomelab = async () => (await sidecar.peer('pve-tail'))?.TxBytes ?? 0;

  const create = async (body: Record<string, unknown>) => {
    const res = await api('POST', servers, { token: admin, body });
    expect(res.status).toBe(201);
    return res.body.server as { id: string; endpoint: { via: string } };
  };
  const test = async (id: string) => (await api('POST', `${servers}/${id}/test`, { token: admin })).body;

  it('reaches a Tailscale server only at its tailnet endpoint, through the sidecar', async () => {
    const server = await create({
      name: 'tail',
      host: '127.0.0.42',
      port: tailnetOnly.port,
      apiToken: tokenOf(tailnetOnly),
      useTailscale: true,
      tailscaleHostname: TAILNET_NAME,
      tailscalePort: 8006,
    });
    expect(server.endpoint).toEqual({ host: TAILNET_NAME, port: 8006, via: 'tailnet' });
    const before = await sentToHomelab();
    const result = await test(server.id);
    expect(result).toMatchObject({ ok: true, version: '8.4.1', endpoint: { via: 'tailnet' } });
    expect(result.nodes).toHaveLength(2);
    expect(await sentToHomelab()).toBeGreaterThan(before);

    // Tailscale off: the public host, where nothing listens.
    // Moving a server needs its token entered again (a stored token only goes where it was entered for).
    expect((await api('PATCH', `${servers}/${server.id}`, { token: admin, body: { useTailscale: false } })).body.errors).toEqual([{ path: 'apiToken', message: expect.any(String) }]);
    expect((await api('PATCH', `${servers}/${server.id}`, { token: admin, body: { useTailscale: false, apiToken: tokenOf(tailnetOnly) } })).status).toBe(200);
    expect(await test(server.id)).toMatchObject({ ok: false, reason: 'unreachable', endpoint: { host: '127.0.0.42', via: 'public' } });
  });

  it('reaches a server without Tailscale only at its public host, never through the sidecar', async () => {
    const server = await create({ name: 'public', host: '127.0.0.43', port: publicOnly.port, apiToken: tokenOf(publicOnly), tailscaleHostname: PUBLIC_ONLY_NAME, tailscalePort: publicOnly.port });
    // With the sidecar down, only a direct connection can answer.
    await sidecar.stop();
    try {
      expect(await test(server.id)).toMatchObject({ ok: true, endpoint: { host: '127.0.0.43', via: 'public' } });
    } finally {
      await sidecar.restart();
      await sidecar.waitForPeer('pve-tail');
    }
  });

  it('pins fingerprints per node, refuses a rotated certificate until accepted, and reports a node that joins', async () => {
    const server = await create({ name: 'pinned', host: '127.0.0.43', port: publicOnly.port, apiToken: tokenOf(publicOnly) });
    const first = await test(server.id);
    expect(first.nodes).toEqual([{ node: publicOnly.entryNode, online: true, fingerprint: publicOnly.fingerprintOf(publicOnly.entryNode), pin: 'new' }]);
    expect(first.presentedFingerprint).toBe(publicOnly.fingerprintOf(publicOnly.entryNode));
    const accepted = await api('POST', `${servers}/${server.id}/fingerprints`, {
      token: admin,
      body: { fingerprints: first.nodes.map((node: { node: string; fingerprint: string }) => ({ node: node.node, fingerprint: node.fingerprint })) },
    });
    expect(accepted.body.server.pins).toHaveLength(1);
    expect((await test(server.id)).nodes[0].pin).toBe('match');

    const rotated = await publicOnly.rotateCertificate(publicOnly.entryNode);
    const refused = await test(server.id);
    expect(refused).toMatchObject({ ok: false, reason: 'tls-pin-mismatch', presentedFingerprint: rotated });
    await api('POST', `${servers}/${server.id}/fingerprints`, { token: admin, body: { fingerprints: [{ node: publicOnly.entryNode, fingerprint: rotated }] } });
    expect(await test(server.id)).toMatchObject({ ok: true });

    const joined = await publicOnly.addNode();
    const withNewNode = await test(server.id);
    expect(withNewNode.nodes.find((node: { node: string }) => node.node === joined)).toMatchObject({ pin: 'new', fingerprint: publicOnly.fingerprintOf(joined) });

    const log = await api('GET', `/api/v1/tenants/${(await api('GET', '/api/v1/me', { token: admin })).body.memberships[0].tenantId}/audit?action=server.tls.accept`, { token: admin });
    expect(log.body.entries).toHaveLength(2);
  });

  it('tests before saving and says precisely why a connection fails', async () => {
    const form = { name: 'draft', host: '127.0.0.43', port: publicOnly.port, apiToken: tokenOf(publicOnly), connectTimeoutMs: 1_000 };
    const unsaved = async (changes: Record<string, unknown>) => (await api('POST', `${servers}/test`, { token: admin, body: { ...form, ...changes } })).body;
    expect(await unsaved({})).toMatchObject({ ok: true, nodes: expect.any(Array) });
    expect(await unsaved({ apiToken: `${publicOnly.tokens.full.tokenId}=wrong-secret` })).toMatchObject({ ok: false, reason: 'unauthorized' });
    // tailscaled answers a name that is not on the tailnet with a general SOCKS failure.
    expect(await unsaved({ useTailscale: true, tailscaleHostname: 'ghost.tailnet.test' })).toMatchObject({ ok: false, reason: 'proxy', message: expect.stringContaining('not on the tailnet') });
    // A closed port and a server that never finishes TLS read the same: no port scan through the test.
    const where = `127.0.0.43:${publicOnly.port}`;
    expect((await unsaved({ port: 1 })).message).toBe('could not reach a Proxmox API at 127.0.0.43:1');
    publicOnly.hang('tls');
    try {
      expect(await unsaved({})).toMatchObject({ ok: false, reason: 'unreachable', message: `could not reach a Proxmox API at ${where}` });
    } finally {
      publicOnly.unhang();
    }
    expect((await api('GET', `${servers}?limit=500`, { token: admin })).body.servers.map((s: { name: string }) => s.name)).not.toContain('draft');
  });

  it('keeps the token out of every answer and every log line', async () => {
    const listed = await api('GET', `${servers}?limit=500`, { token: admin });
    const logs = [...stack.services.values()].map((service) => service.output.join('')).join('\n');
    for (const secret of [tailnetOnly.tokens.full.secret, publicOnly.tokens.full.secret]) {
      expect(listed.text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

describe('reaching the tailnet directly, names resolved by MagicDNS (TAILNET_ACCESS=direct)', () => {
  it('connects to the tailnet endpoint resolved through TAILNET_DNS_SERVER', async () => {
    const pve = await startProxmoxServer({ name: 'direct', host: '127.0.0.51' });
    const dns = await startMagicDns({ 'pve-direct.tail-test.ts.net': '127.0.0.51' });
    const stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { TAILNET_ACCESS: 'direct', TAILNET_DNS_SERVER: dns.server } });
    try {
      const { api, admin, tenantId } = await signIn(stack);
      const form = { name: 'direct', host: '127.0.0.52', port: pve.port, apiToken: tokenOf(pve), useTailscale: true, tailscaleHostname: 'pve-direct.tail-test.ts.net', tailscalePort: pve.port };
      const result = await api('POST', `/api/v1/tenants/${tenantId}/servers/test`, { token: admin, body: form });
      expect(result.body).toMatchObject({ ok: true, endpoint: { host: 'pve-direct.tail-test.ts.net', via: 'tailnet' } });
    } finally {
      await stack.close();
      await dns.close();
      await pve.close();
    }
  });
});
