import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closeProxmoxFleet, signInSeededAdmin, startProxmoxFleet, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'hung server acceptance passphrase';
const SERVERS = 50;
const GUESTS_PER_SERVER = 4;
/** The hung server's own timeout; the others keep the default 10 s. */
const HUNG_TIMEOUT_MS = 3_000;
/** The connect timeout of the others (the product's default). */
const DEFAULT_TIMEOUT_MS = 10_000;
const HUNG = 17;
const CSV_HEADER = 'name,host,port,api_token,verify_ssl,use_tailscale,tailscale_hostname,tailscale_port';

interface FleetAnswer {
  guests: { serverId: string }[];
  servers: { serverId: string; status: string; error?: { reason: string }; latencyMs: number }[];
}

describe('acceptance: with one of 50 simulated servers hanging, the fleet list returns the other 49 within its timeout, marking it', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    pves = await startProxmoxFleet({ servers: SERVERS, guestsPerNode: GUESTS_PER_SERVER, nodesPerServer: 1, seed: 50 });
    // No health checks: the hung server's deadline stays its configured timeout, not a learned one.
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: '0' } });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;

    // One CSV import registers all 50; then each server's pins, as a person accepting what a test showed.
    const rows = pves.map((pve) => [pve.name, pve.host, pve.port, `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}`, 'false', 'false', '', ''].join(','));
    const imported = await api('POST', `${tenant}/servers/import?dryRun=false`, { token: admin, rawBody: `${CSV_HEADER}\n${rows.join('\n')}\n`, headers: { 'content-type': 'text/csv' } });
    expect(imported.body).toMatchObject({ imported: SERVERS });
    const listed = await api('GET', `${tenant}/servers?limit=500`, { token: admin });
    for (const server of listed.body.servers as { id: string; name: string }[]) ids.set(server.name, server.id);
    const hung = pves[HUNG]!;
    // Only the timeout is sent: the rest of the server (its port among it) must stay as imported.
    const patched = await api('PATCH', `${tenant}/servers/${ids.get(hung.name)}`, { token: admin, body: { connectTimeoutMs: HUNG_TIMEOUT_MS } });
    expect(patched.body.server).toMatchObject({ connectTimeoutMs: HUNG_TIMEOUT_MS, port: hung.port });
    const pinned = await Promise.all(
      pves.map((pve) =>
        api('POST', `${tenant}/servers/${ids.get(pve.name)}/fingerprints`, { token: admin, body: { fingerprints: pve.nodes.map((node) => ({ node, fingerprint: pve.fingerprintOf(node) })) } }),
      ),
    );
    expect(pinned.map((res) => res.status)).toEqual(pves.map(() => 200));
  });

  afterAll(async () => {
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  const fleet = async () => {
    const res = await api('GET', `${tenant}/fleet`, { token: admin });
    expect(res.status).toBe(200);
    return res.body as FleetAnswer;
  };

  it('lists every guest of the 50 servers while all answer', async () => {
    const list = await fleet();
    expect(list.servers.filter((server) => server.status === 'ok')).toHaveLength(SERVERS);
    expect(list.guests).toHaveLength(SERVERS * GUESTS_PER_SERVER);
  });

  it('answers within the hung server\'s timeout plus a margin, with the 49 others complete and the hung one marked timeout', async () => {
    const hung = pves[HUNG]!;
    const hungId = ids.get(hung.name)!;
    hung.hang('response');
    try {
      // The hung server never answers, so the list answering at all proves its deadline; the latency it
      // reports shows which one: its own 3 s, not the others' default 10 s.
      const list = await fleet();

      expect(list.servers).toHaveLength(SERVERS);
      const entry = list.servers.find((server) => server.serverId === hungId);
      expect(entry).toMatchObject({ status: 'error', error: { reason: 'timeout' } });
      expect(entry!.latencyMs).toBeGreaterThanOrEqual(HUNG_TIMEOUT_MS - 50);
      expect(entry!.latencyMs).toBeLessThan(DEFAULT_TIMEOUT_MS);
      const others = list.servers.filter((server) => server.serverId !== hungId);
      expect(others.filter((server) => server.status === 'ok')).toHaveLength(SERVERS - 1);
      expect(list.guests.filter((guest) => guest.serverId === hungId)).toEqual([]);
      expect(list.guests).toHaveLength((SERVERS - 1) * GUESTS_PER_SERVER);
    } finally {
      hung.unhang();
    }
  });
});
