import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerServer, startProxmoxServer, type ProxmoxServer } from '@pve-nexus/testing';
import { act, expectIntactAudit, qemuGuests, record, startWorld, stopWorld, until, type ActionAnswer, type World } from './fault-harness.js';

interface FleetAnswer {
  servers: { serverId: string; status: string; error?: { reason: string } }[];
  guests: { serverId: string }[];
}

/** Per-server connect timeout of the faulty server: what bounds the user's wait. */
const TIMEOUT_MS = 3_000;

// One Proxmox server misbehaves (hangs, answers 500s, answers slowly) beside a healthy one.
describe('faults: a Proxmox server that hangs, answers 500s or answers slowly under load', () => {
  let world: World;
  let healthy: ProxmoxServer;
  let healthyId: string;

  beforeAll(async () => {
    world = await startWorld({ services: ['inventory', 'executor', 'gateway'] }, { name: 'faulty' });
    healthy = await startProxmoxServer({ name: 'healthy', nodes: 1, guestsPerNode: 10, seed: 'healthy' });
    healthyId = await registerServer(world.api, world.admin, world.tenantId, healthy);
    const patched = await world.api('PATCH', `${world.tenant}/servers/${world.serverId}`, { token: world.admin, body: { connectTimeoutMs: TIMEOUT_MS } });
    expect(patched.status).toBe(200);
  });

  afterAll(async () => {
    await stopWorld(world, ['healthy proxmox', async () => healthy?.close()]);
  });

  const fleet = async () => {
    const started = Date.now();
    const res = await world.api<FleetAnswer>('GET', `${world.tenant}/fleet`, { token: world.manager });
    return { status: res.status, body: res.body, ms: Date.now() - started };
  };
  const statusOf = (answer: FleetAnswer, id: string) => answer.servers.find((server) => server.serverId === id);

  it('hangs: the fleet list still answers within the timeout with the healthy server; actions fail with a problem, not a hang', async () => {
    world.pve.hang('response');
    const list = await fleet();
    expect(list.status).toBe(200);
    expect(statusOf(list.body, healthyId)?.status).toBe('ok');
    const faulty = statusOf(list.body, world.serverId);
    const action = await act(world, qemuGuests(world)[0]!, 'reboot');
    expect(action.status).not.toBe(500);
    world.pve.unhang();
    const recovered = await until('the faulty server listed ok again', async () => {
      const again = await fleet();
      return statusOf(again.body, world.serverId)?.status === 'ok' ? again : undefined;
    });
    await record('proxmox-hang', { fleetMs: list.ms, faultyStatus: faulty?.status, faultyReason: faulty?.error?.reason, action: `${action.status} ${action.code}`, actionMs: action.ms, recoveryMs: recovered.ms });
  });

  it('answers 500s: the user sees a problem naming Proxmox, no task or audit entry is invented', async () => {
    world.pve.failRequests({ status: 500 });
    const list = await fleet();
    expect(list.status).toBe(200);
    const action = await act(world, qemuGuests(world)[1]!, 'reboot');
    expect(action.status).toBeGreaterThanOrEqual(400);
    expect(action.status).not.toBe(500);
    expect(action.upid).toBeUndefined();
    world.pve.clearRequestFailures();
    const recovered = await until('an action accepted again', async () => {
      const again = await act(world, qemuGuests(world)[2]!, 'reboot');
      return again.status === 202 ? again : undefined;
    }, 60_000, 250);
    await expectIntactAudit(world);
    const faulty = statusOf(list.body, world.serverId);
    await record('proxmox-500', { faultyStatus: faulty?.status, faultyReason: faulty?.error?.reason, action: `${action.status} ${action.code}`, recoveryMs: recovered.ms });
  });

  it('answers slowly under load: concurrent lists and actions all answer, none past the timeout plus margin', async () => {
    world.pve.setLatency({ fixedMs: 800, jitterMs: 800 });
    const guests = qemuGuests(world).slice(3, 13);
    const started = Date.now();
    const [lists, actions] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => fleet())),
      Promise.all(guests.map((guest) => act(world, guest, 'reboot'))),
    ]);
    const wallMs = Date.now() - started;
    world.pve.setLatency({});
    const listed = lists.map((list) => statusOf(list.body, world.serverId)?.status ?? `HTTP ${list.status}`);
    const answered = actions.map((answer: ActionAnswer) => `${answer.status} ${answer.code ?? ''}`.trim());
    await record('proxmox-slow-under-load', {
      lists: lists.length,
      faultyStatusInLists: Object.fromEntries([...new Set(listed)].map((status) => [status, listed.filter((each) => each === status).length])),
      slowestListMs: Math.max(...lists.map((list) => list.ms)),
      actions: Object.fromEntries([...new Set(answered)].map((status) => [status, answered.filter((each) => each === status).length])),
      slowestActionMs: Math.max(...actions.map((answer) => answer.ms)),
      wallMs,
    });
    expect(lists.every((list) => list.status === 200)).toBe(true);
    expect(actions.every((answer) => answer.status !== 500)).toBe(true);
    await expectIntactAudit(world);
  });
});
