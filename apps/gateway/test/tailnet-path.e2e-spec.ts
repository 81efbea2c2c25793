import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadscaleLab, registerServer, signInSeededAdmin, startProxmoxServer, startStack, tailnetTools, waitFor, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'tailnet path quality test 1';
const LIMIT_MS = 60_000;

// Path quality (issue 10's "beyond the anchors"): for a server reached over the tailnet, each health
// check records whether the executor's tailscaled (its sidecar) reaches it directly or through a DERP
// relay, read from that node's LocalAPI. Two homelab nodes: one reachable directly, one forced to relay.
describe('the tailnet path to each server, on its card and in its health history', () => {
  let lab: HeadscaleLab;
  const pves: ProxmoxServer[] = [];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await tailnetTools(); // built once per machine (minutes); not part of this test's own waits
    const [direct, relayed] = await Promise.all([startProxmoxServer({ name: 'homelab-a', nodes: 1 }), startProxmoxServer({ name: 'homelab-b', nodes: 1 })]);
    pves.push(direct, relayed);
    lab = await HeadscaleLab.start();
    const [sidecar] = await Promise.all([
      lab.startNode('exec-sidecar', { socks5: true }),
      lab.startNode('pve-direct', { serve: [{ tcpPort: 8006, target: direct.port }] }),
      // No direct UDP from this node: every packet to it goes through the embedded DERP server.
      lab.startNode('pve-relayed', { serve: [{ tcpPort: 8006, target: relayed.port }], env: { TS_DEBUG_NEVER_DIRECT_UDP: '1' } }),
    ]);
    await Promise.all([sidecar.waitForPeer('pve-direct'), sidecar.waitForPeer('pve-relayed')]);
    stack = await startStack({
      services: ['inventory', 'executor', 'gateway'],
      env: { TAILNET_ACCESS: 'socks5', TAILNET_SOCKS5_URL: sidecar.socksProxy!, TAILNET_LOCALAPI_SOCKET: sidecar.socket, HEALTH_CHECK_INTERVAL_MS: '500' },
    });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    for (const [pve, node] of [[direct, 'pve-direct'], [relayed, 'pve-relayed']] as const) {
      ids[node] = await registerServer(api, admin, tenantId, pve, { name: node, useTailscale: true, tailscaleHostname: `${node}.tailnet.test`, tailscalePort: 8006 });
    }
  }, 30 * 60_000);

  afterAll(async () => {
    await stack?.close();
    await lab?.stop();
    await Promise.all(pves.map((pve) => pve.close()));
  });

  const pathOf = async (node: string) => (await api('GET', `${tenant}/servers/${ids[node]}`, { token: admin })).body.server.tailnetPath as { kind: string; relay: string | null } | null;

  it('shows a direct path for the node reached over UDP', async () => {
    await waitFor('a health check to record the direct path', async () => (await pathOf('pve-direct'))?.kind === 'direct', LIMIT_MS);
    const health = await api('GET', `${tenant}/servers/${ids['pve-direct']}/health`, { token: admin });
    expect(health.body.recent.find((check: { ok: boolean }) => check.ok).tailnetPath).toMatchObject({ kind: 'direct' });
  });

  it('shows the DERP relay for the node that cannot be reached directly', async () => {
    await waitFor('a health check to record the relayed path', async () => (await pathOf('pve-relayed'))?.kind === 'derp', LIMIT_MS);
    expect(await pathOf('pve-relayed')).toEqual({ kind: 'derp', relay: 'headscale' });
    const health = await api('GET', `${tenant}/servers/${ids['pve-relayed']}/health`, { token: admin });
    expect(health.body.recent.filter((check: { tailnetPath: { kind: string } | null }) => check.tailnetPath?.kind === 'derp').length).toBeGreaterThan(0);
  });
});
