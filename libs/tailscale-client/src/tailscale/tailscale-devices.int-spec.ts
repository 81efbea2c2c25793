import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Agent } from 'undici';
import { startTailscaleApi, type TailscaleApi } from '@pve-nexus/testing';
import { callsTo, simClient, tokenCredentials, withSimulator } from '../../test/tailscale-sim.js';

describe('TailnetClient lists Tailscale devices (simulator)', () => {
  let api: TailscaleApi;
  let agent: Agent;
  const sim = withSimulator({
    magicDnsSuffix: 'tail4c2e.ts.net',
    devices: [{ hostname: 'pve-01', tags: ['tag:pve'] }, { hostname: 'pve-02', tags: ['tag:pve'], ephemeral: true }, { hostname: 'guest-box', external: true }],
  });
  beforeAll(() => {
    ({ api, agent } = sim);
  });
  beforeEach(() => api.clearRequests());

  it('asks for every field with the API token as Bearer and maps each device', async () => {
    const devices = await simClient(api, agent, tokenCredentials(api.apiToken)).listDevices();
    expect(callsTo(api, '/api/v2/tailnet/-/devices')).toEqual(['GET /api/v2/tailnet/-/devices?fields=all']);
    expect(api.requests[0]).toMatchObject({ auth: 'bearer', credential: 'api-token' });
    const simulated = api.devices();
    expect(devices).toHaveLength(3);
    expect(devices[0]).toEqual({
      id: simulated[0]?.nodeId,
      name: 'pve-01.tail4c2e.ts.net',
      hostname: 'pve-01',
      addresses: { v4: (simulated[0]?.addresses as string[])[0], v6: (simulated[0]?.addresses as string[])[1] },
      os: 'linux',
      clientVersion: simulated[0]?.clientVersion,
      user: 'admin@example.com',
      tags: ['tag:pve'],
      authorized: true,
      keyExpiry: simulated[0]?.expires,
      lastSeen: null,
      connectedToControl: true,
      updateAvailable: false,
      ephemeral: false,
      createdAt: simulated[0]?.created,
    });
    expect(devices[1]).toMatchObject({ ephemeral: true });
    expect(devices[2]).toMatchObject({ name: 'guest-box.tail9999.ts.net', createdAt: null, clientVersion: null });
  });

  it('follows devices going offline, coming back, changing and leaving', async () => {
    const client = simClient(api, agent, tokenCredentials(api.apiToken));
    const added = api.addDevice({ hostname: 'pve-03', os: 'linux', online: true });
    const nodeId = String(added.nodeId);
    api.setOnline(nodeId, false);
    const offline = (await client.listDevices()).find((device) => device.id === nodeId);
    expect(offline).toMatchObject({ connectedToControl: false, lastSeen: expect.any(String) });
    api.setOnline(nodeId, true);
    api.updateDevice(nodeId, { hostname: 'pve-03b', tags: ['tag:server'], updateAvailable: true });
    const back = (await client.listDevices()).find((device) => device.id === nodeId);
    expect(back).toMatchObject({ connectedToControl: true, lastSeen: null, name: 'pve-03b.tail4c2e.ts.net', tags: ['tag:server'], updateAvailable: true });
    api.removeDevice(nodeId);
    expect((await client.listDevices()).some((device) => device.id === nodeId)).toBe(false);
  });

  it("names the tailnet by its devices' MagicDNS domain and counts them", async () => {
    expect(await simClient(api, agent, tokenCredentials(api.apiToken)).tailnetInfo()).toEqual({ tailnet: 'tail4c2e.ts.net', deviceCount: 3 });
    const named = simClient(api, agent, tokenCredentials(api.apiToken, api.tailnet.name));
    expect((await named.listDevices()).length).toBe(3);
    expect(callsTo(api, `/api/v2/tailnet/${api.tailnet.name}/devices`)).toHaveLength(1);
  });

  it('gives the configured tailnet as its name while it has no device of its own', async () => {
    const empty = await startTailscaleApi();
    try {
      expect(await simClient(empty, agent, tokenCredentials(empty.apiToken)).tailnetInfo()).toEqual({ tailnet: '-', deviceCount: 0 });
    } finally {
      await empty.close();
    }
  });

  it('reports an unknown tailnet as NOT_FOUND', async () => {
    const other = simClient(api, agent, tokenCredentials(api.apiToken, 'other.example.org'));
    await expect(other.listDevices()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("no tailnet 'other.example.org'") });
  });
});
