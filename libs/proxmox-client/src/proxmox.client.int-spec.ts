import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { ServerConnection } from '@pve-nexus/contracts';
import { startProxmoxServer, type ProxmoxServer } from '@pve-nexus/testing';
import { ProxmoxAgents } from './proxmox-agents.js';
import { ProxmoxClient } from './proxmox.client.js';
import { ProxmoxError } from './proxmox.error.js';
import { PveNode, PveVersion } from './proxmox.schemas.js';

describe('ProxmoxClient against the Proxmox VE simulator', () => {
  let pve: ProxmoxServer;
  let agents: ProxmoxAgents;

  const connection = (changes: Partial<ServerConnection> = {}): ServerConnection => ({
    host: pve.host,
    port: pve.port,
    apiToken: `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}`,
    tlsTrust: 'pinned',
    connectTimeoutMs: 2_000,
    useTailscale: false,
    tailscaleHostname: null,
    tailscalePort: 8006,
    pins: [{ node: pve.entryNode, fingerprint: pve.fingerprintOf(pve.entryNode), acceptedAt: new Date().toISOString() }],
    ...changes,
  });
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProxmoxError);

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'client-test', host: '127.0.0.81', nodes: 2 });
    agents = new ProxmoxAgents({ mode: 'direct' });
  });

  afterAll(async () => {
    await agents.close(true);
    await pve.close();
  });

  it('reads validated answers from a server whose fingerprint is pinned', async () => {
    const client = new ProxmoxClient(connection(), agents);
    expect(await client.get('/version', PveVersion)).toMatchObject({ version: '8.4.1', release: '8.4' });
    const nodes = await client.get('/nodes', z.array(PveNode));
    expect(nodes.map((node) => node.ssl_fingerprint).sort()).toEqual(pve.nodes.map((node) => pve.fingerprintOf(node)).sort());
    expect(client.presentedFingerprint).toBe(pve.fingerprintOf(pve.entryNode));
  });

  it('refuses a certificate that is not pinned, and one when nothing is pinned yet', async () => {
    const wrong = await failure(new ProxmoxClient(connection({ pins: [{ node: pve.entryNode, fingerprint: pve.fingerprintOf(pve.nodes[1]!), acceptedAt: new Date().toISOString() }] }), agents).get('/version', PveVersion));
    expect(wrong).toMatchObject({ reason: 'tls-pin-mismatch', presentedFingerprint: pve.fingerprintOf(pve.entryNode) });
    const none = await failure(new ProxmoxClient(connection({ pins: [] }), agents).get('/version', PveVersion));
    expect(none?.message).toMatch(/no certificate is accepted yet/);
  });

  it('verifies against a CA when trust is ca (the cluster CA), and fails without it', async () => {
    const trusted = new ProxmoxClient(connection({ tlsTrust: 'ca' }), agents, { mode: 'ca', ca: pve.caPem });
    expect(await trusted.get('/version', PveVersion)).toMatchObject({ release: '8.4' });
    const untrusted = await failure(new ProxmoxClient(connection({ tlsTrust: 'ca' }), agents).get('/version', PveVersion));
    expect(untrusted?.reason).toBe('tls');
  });

  it("turns Proxmox's answers into precise reasons, with its own message", async () => {
    const badToken = await failure(new ProxmoxClient(connection({ apiToken: `${pve.tokens.full.tokenId}=nope` }), agents).get('/version', PveVersion));
    expect(badToken).toMatchObject({ reason: 'unauthorized', status: 401 });
    expect(badToken?.message).toMatch(/^API token refused \(401 .+\)$/);

    const readOnly = new ProxmoxClient(connection({ apiToken: `${pve.tokens.readOnly.tokenId}=${pve.tokens.readOnly.secret}` }), agents);
    const guest = [...pve.cluster.guests.values()].find((candidate) => candidate.node === pve.entryNode && candidate.type === 'qemu')!;
    const denied = await failure(readOnly.post(`/nodes/${guest.node}/qemu/${guest.vmid}/status/start`, {}, z.string()));
    expect(denied).toMatchObject({ reason: 'forbidden', status: 403 });
    expect(denied?.message).toContain('VM.PowerMgmt');

    pve.setGuestState(guest.vmid, 'stopped');
    const conflict = await failure(new ProxmoxClient(connection(), agents).post(`/nodes/${guest.node}/qemu/${guest.vmid}/status/reboot`, {}, z.string()));
    expect(conflict).toMatchObject({ reason: 'http-error', status: 500 });
    expect(conflict?.message).toContain(`VM ${guest.vmid} not running`);

    const shape = await failure(new ProxmoxClient(connection(), agents).get('/version', z.array(z.string())));
    expect(shape?.reason).toBe('protocol');
  });

  it('gives up on a server that stops answering, within the budget', async () => {
    pve.hang('response');
    try {
      // The server never answers: any answer at all proves the client gave up on its own.
      const hung = await failure(new ProxmoxClient(connection(), agents).get('/version', PveVersion, { timeoutMs: 400 }));
      expect(hung?.reason).toBe('timeout');
    } finally {
      pve.unhang();
    }
  });
});
