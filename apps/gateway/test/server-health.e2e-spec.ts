import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closeProxmoxFleet, freePort, registerServer, ServiceProcess, signInSeededAdmin, startProxmoxFleet, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'health test passphrase 1';
const INTERVAL_MS = 800;

interface Health {
  serverId: string;
  status: string | null;
  learnedTimeoutMs: number | null;
  hours: { hour: string; checks: number; successRate: number; avgLatencyMs: number | null; maxLatencyMs: number | null }[];
  recent: { checkedAt: string; ok: boolean; latencyMs: number | null; errorClass: string | null }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server health checks', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  let second: ServiceProcess | undefined;
  const serverIds: string[] = [];

  const health = async (serverId: string): Promise<Health> => {
    const res = await api('GET', `${tenant}/servers/${serverId}/health?hours=24`, { token: admin });
    expect(res.status).toBe(200);
    return res.body as Health;
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const checksOf = async (serverId: string) => (await health(serverId)).hours.reduce((sum, hour) => sum + hour.checks, 0);

  beforeAll(async () => {
    pves = await startProxmoxFleet({ servers: 2, guestsPerNode: 1, nodesPerServer: 1, seed: 9 });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: String(INTERVAL_MS) } });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    for (const pve of pves) serverIds.push(await registerServer(api, admin, tenantId, pve, { connectTimeoutMs: 3_000 }));
  });

  afterAll(async () => {
    await second?.stop();
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  it('checks every server, records the checks and learns a bounded timeout', async () => {
    await until(
      'both servers online with checks and a learned timeout',
      async () => {
        const all = await Promise.all(serverIds.map(health));
        return all.every((one) => one.status === 'online' && one.learnedTimeoutMs !== null && one.recent.length >= 2);
      },
      60_000,
    );
    for (const id of serverIds) {
      const one = await health(id);
      expect(one.learnedTimeoutMs).toBeGreaterThanOrEqual(1_000);
      expect(one.learnedTimeoutMs).toBeLessThanOrEqual(3_000);
      expect(one.recent[0]).toEqual({ checkedAt: expect.any(String), ok: true, latencyMs: expect.any(Number), errorClass: null, tailnetPath: null });
      // Not necessarily 1: on a loaded machine an early check can exceed the learned 1 s floor.
      expect(one.hours.at(-1)).toMatchObject({ avgLatencyMs: expect.any(Number), maxLatencyMs: expect.any(Number) });
      expect(one.hours.at(-1)!.successRate).toBeGreaterThan(0);
    }
    // A check is not an edit: the server's updatedAt does not move.
    const server = (await api('GET', `${tenant}/servers/${serverIds[0]}`, { token: admin })).body.server;
    expect(server).toMatchObject({ lastHealthStatus: 'online', lastHealthAt: expect.any(String) });
    expect(server.updatedAt < server.lastHealthAt).toBe(true);
  });

  it('declares a server that stops answering offline after two failed checks, audited, with its success rate falling', async () => {
    const down = serverIds[1]!;
    await pves[1]!.stopListening();
    // Two failed checks in a row: the audit below shows there were no more than needed.
    await until('the stopped server offline', async () => (await health(down)).status === 'offline', 60_000);

    const audit = await api('GET', `${tenant}/audit?action=server.status&targetId=${down}&limit=50`, { token: admin });
    expect(audit.status).toBe(200);
    const changes = (audit.body.entries as { details: { from: string | null; to: string } }[]).map((entry) => entry.details).reverse();
    expect(changes).toEqual([
      { from: null, to: 'online', errorClass: null },
      { from: 'online', to: 'degraded', errorClass: 'refused' },
      { from: 'degraded', to: 'offline', errorClass: 'refused' },
    ]);

    const view = await health(down);
    expect(view.hours.at(-1)!.successRate).toBeLessThan(1);
    expect(view.hours.at(-1)!.successRate).toBeGreaterThan(0);
    expect(view.recent[0]).toMatchObject({ ok: false, latencyMs: null, errorClass: 'refused' });
    // The other server is unaffected.
    expect((await health(serverIds[0]!)).status).toBe('online');
  });

  it('with two executor replicas, checks each server about once per interval, not twice', async () => {
    const executor = stack.service('executor');
    second = new ServiceProcess({ app: 'executor', env: executor.options.env, httpPort: await freePort() });
    await second.start();
    await sleep(INTERVAL_MS * 2);

    const windowMs = INTERVAL_MS * 10;
    const before = await checksOf(serverIds[0]!);
    await sleep(windowMs);
    const during = (await checksOf(serverIds[0]!)) - before;
    const expected = windowMs / INTERVAL_MS;
    // The upper bound is the point (two replicas must not both check); the lower one only that checks
    // went on, loosely, since a busy machine delays timers but never adds checks.
    expect(during).toBeGreaterThanOrEqual(expected * 0.3);
    expect(during).toBeLessThanOrEqual(expected + 2);

    // The second replica really works: with the first one gone, checks go on.
    await executor.stop();
    const afterStop = await checksOf(serverIds[0]!);
    await until('two more checks by the second replica', async () => (await checksOf(serverIds[0]!)) - afterStop >= 2, 60_000);
  });

  it('gives a server at least the fleet list floor, however short the deadline learned from its checks', async () => {
    const id = serverIds[0]!;
    // Room above the learned deadline: the slowed server must still fit under its own connect timeout.
    expect((await api('PATCH', `${tenant}/servers/${id}`, { token: admin, body: { connectTimeoutMs: 10_000 } })).status).toBe(200);
    const learned = (await health(id)).learnedTimeoutMs!;
    // Slower than the learned deadline, faster than the list's 5 s floor.
    pves[0]!.setLatency({ fixedMs: learned + 1_000 });
    try {
      const list = await api('GET', `${tenant}/fleet`, { token: admin });
      expect(list.status).toBe(200);
      expect(list.body.servers.find((server: { serverId: string }) => server.serverId === id)).toMatchObject({ status: 'ok' });
    } finally {
      pves[0]!.setLatency({});
    }
  });
});
