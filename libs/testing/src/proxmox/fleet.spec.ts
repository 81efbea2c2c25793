import { describe, it, expect } from '@jest/globals';
import { closeProxmoxFleet, startProxmoxFleet } from './fleet.js';
import { api } from './sim-client.test-util.js';
import type { ProxmoxServer } from './proxmox-server.js';

// A fleet is reproducible from its seed, and big fleets start fast enough for benchmarks.

const snapshot = (fleet: ProxmoxServer[]) =>
  fleet.map((server) => ({
    name: server.name,
    nodes: server.nodes,
    secret: server.tokens.full.secret,
    guests: [...server.cluster.guests.values()].map((g) => [g.vmid, g.node, g.type, g.name, g.tags.join(';'), g.state]),
  }));

describe('startProxmoxFleet', () => {
  it('builds the same fleet from the same seed, and a different one from another seed', async () => {
    const a = await startProxmoxFleet({ servers: 3, nodesPerServer: 2, guestsPerNode: 5, seed: 42 });
    const b = await startProxmoxFleet({ servers: 3, nodesPerServer: 2, guestsPerNode: 5, seed: 42 });
    const c = await startProxmoxFleet({ servers: 3, nodesPerServer: 2, guestsPerNode: 5, seed: 43 });
    try {
      expect(snapshot(a)).toEqual(snapshot(b));
      expect(snapshot(a)).not.toEqual(snapshot(c));
      expect(new Set(a.map((server) => server.port)).size).toBe(3);
      expect(a[0]!.cluster.guests.size).toBe(10);
    } finally {
      await Promise.all([a, b, c].map(closeProxmoxFleet));
    }
  });

  it('starts 50 servers x 200 guests and answers /cluster/resources quickly', async () => {
    const started = Date.now();
    const fleet = await startProxmoxFleet({ servers: 50, nodesPerServer: 2, guestsPerNode: 100, seed: 1 });
    const startMs = Date.now() - started;
    try {
      const t0 = Date.now();
      const responses = await Promise.all(fleet.map((server) => api(server, 'GET', '/cluster/resources?type=vm')));
      const firstRoundMs = Date.now() - t0;
      const t1 = Date.now();
      await Promise.all(fleet.map((server) => api(server, 'GET', '/cluster/resources?type=vm')));
      const secondRoundMs = Date.now() - t1;
      expect(responses.every((res) => res.status === 200 && res.json.data.length === 200)).toBe(true);
      // Timing is logged for the record, not asserted (CI machines vary).
      console.info(`proxmox fleet 50x200: started in ${startMs} ms; /cluster/resources on all 50: ${firstRoundMs} ms cold, ${secondRoundMs} ms warm`);
    } finally {
      await closeProxmoxFleet(fleet);
    }
  }, 60_000);
});
