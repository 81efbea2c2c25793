import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMember, closeProxmoxFleet, registerServer, signInSeededAdmin, startProxmoxFleet, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'fleet test passphrase 1';
/** The hung server's connect timeout: the list must answer within it (plus a margin). */
const HUNG_TIMEOUT_MS = 1_500;
/** The connect timeout of the other servers. */
const DEFAULT_TIMEOUT_MS = 10_000;

interface Guest {
  serverId: string;
  node: string;
  vmid: number;
  type: 'qemu' | 'lxc';
  status: string;
  template: boolean;
}

describe('the fleet: guests of every server, power actions and their tasks', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let manager: string;
  let viewer: string;
  let tenant: string;
  const serverIds: string[] = [];


  const fleet = async (token = admin) => {
    const res = await api('GET', `${tenant}/fleet`, { token });
    expect(res.status).toBe(200);
    return res.body as { guests: Guest[]; servers: { serverId: string; name: string; status: string; error?: { reason: string; message: string }; guestCount: number; latencyMs: number }[] };
  };
  const decryptions = async () => (await api('GET', `${tenant}/audit?action=credential.decrypt&limit=200`, { token: admin })).body.entries.length as number;

  beforeAll(async () => {
    // Tasks last long enough to be seen running.
    pves = await startProxmoxFleet({ servers: 3, guestsPerNode: 6, nodesPerServer: 1, seed: 5, server: { taskDurationMs: 1_500 } });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    viewer = await addMember(api, admin, tenantId, 'viewer@example.com', 'viewer', PASSWORD);

    for (const [i, pve] of pves.entries()) {
      serverIds.push(await registerServer(api, admin, tenantId, pve, { connectTimeoutMs: i === 2 ? HUNG_TIMEOUT_MS : DEFAULT_TIMEOUT_MS }));
    }
  });

  afterAll(async () => {
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  it('lists every guest of every server, for a viewer too', async () => {
    const list = await fleet(viewer);
    expect(list.servers.map((server) => server.status)).toEqual(['ok', 'ok', 'ok']);
    for (const [i, pve] of pves.entries()) {
      const mine = list.guests.filter((guest) => guest.serverId === serverIds[i]);
      expect(mine.map((guest) => guest.vmid).sort()).toEqual([...pve.cluster.guests.keys()].sort());
      expect(list.servers.find((server) => server.serverId === serverIds[i])?.guestCount).toBe(pve.cluster.guests.size);
    }
    expect(list.guests[0]).toEqual({
      serverId: expect.any(String),
      serverName: expect.any(String),
      node: expect.any(String),
      vmid: expect.any(Number),
      type: expect.stringMatching(/^(qemu|lxc)$/),
      name: expect.any(String),
      status: expect.any(String),
      tags: expect.any(Array),
      cpu: expect.any(Number),
      maxcpu: expect.any(Number),
      mem: expect.any(Number),
      maxmem: expect.any(Number),
      uptime: expect.any(Number),
      template: expect.any(Boolean),
    });
  });

  it('reuses decrypted connections between lists instead of auditing a decryption per server per list', async () => {
    const before = await decryptions();
    await fleet();
    await fleet();
    expect(await decryptions()).toBe(before);
  });

  it('answers with the other servers and an error entry when one server hangs, within that server\'s timeout', async () => {
    const hung = pves[2]!;
    hung.hang('response');
    try {
      // The hung server never answers, so the list answering at all proves its deadline; the latency
      // it reports shows which deadline: its own, not the others' default.
      const list = await fleet();
      const failed = list.servers.find((server) => server.serverId === serverIds[2]);
      expect(failed).toMatchObject({ status: 'error', error: { reason: 'timeout' }, guestCount: 0 });
      expect(failed!.latencyMs).toBeGreaterThanOrEqual(HUNG_TIMEOUT_MS - 50);
      expect(failed!.latencyMs).toBeLessThan(DEFAULT_TIMEOUT_MS);
      expect(list.servers.filter((server) => server.status === 'ok')).toHaveLength(2);
      expect(list.guests.filter((guest) => guest.serverId === serverIds[2])).toEqual([]);
      expect(list.guests.filter((guest) => guest.serverId === serverIds[0])).toHaveLength(pves[0]!.cluster.guests.size);
      expect(list.guests.filter((guest) => guest.serverId === serverIds[1])).toHaveLength(pves[1]!.cluster.guests.size);
    } finally {
      hung.unhang();
    }
  });

  it('lets a manager stop a running VM, follows its task to the end, and shows it stopped', async () => {
    const running = (await fleet()).guests.find((guest) => guest.serverId === serverIds[0] && guest.type === 'qemu' && guest.status === 'running' && !guest.template);
    expect(running).toBeDefined();
    const { node, vmid } = running!;
    const actions = `${tenant}/servers/${serverIds[0]}/nodes/${node}/guests/${vmid}/actions`;

    const denied = await api('POST', actions, { token: viewer, body: { type: 'qemu', action: 'stop' } });
    expect(denied.status).toBe(403);

    const started = await api('POST', actions, { token: manager, body: { type: 'qemu', action: 'stop' } });
    expect(started.status).toBe(202);
    const upid = started.body.upid as string;
    expect(upid).toMatch(/^UPID:/);

    const taskUrl = `${tenant}/servers/${serverIds[0]}/nodes/${node}/tasks/${encodeURIComponent(upid)}`;
    const first = await api('GET', taskUrl, { token: viewer });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ upid, status: 'running' });

    let task = first.body;
    const deadline = Date.now() + 60_000;
    while (task.status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      task = (await api('GET', taskUrl, { token: viewer })).body;
    }
    expect(task).toEqual({ upid, status: 'stopped', exitStatus: 'OK', ok: true });
    expect(pves[0]!.guest(vmid)?.state).toBe('stopped');
    expect((await fleet()).guests.find((guest) => guest.serverId === serverIds[0] && guest.vmid === vmid)?.status).toBe('stopped');
  });

  it('refuses an invalid transition with Proxmox\'s own message', async () => {
    const stopped = (await fleet()).guests.find((guest) => guest.serverId === serverIds[0] && guest.type === 'qemu' && guest.status === 'stopped');
    expect(stopped).toBeDefined();
    const res = await api('POST', `${tenant}/servers/${serverIds[0]}/nodes/${stopped!.node}/guests/${stopped!.vmid}/actions`, { token: manager, body: { type: 'qemu', action: 'reboot' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining(`VM ${stopped!.vmid} not running`) });
  });

  it('validates the guest address and the action before anything reaches Proxmox', async () => {
    const base = `${tenant}/servers/${serverIds[0]}/nodes`;
    expect((await api('POST', `${base}/pve1/guests/99/actions`, { token: manager, body: { type: 'qemu', action: 'stop' } })).status).toBe(400);
    expect((await api('POST', `${base}/-bad-/guests/100/actions`, { token: manager, body: { type: 'qemu', action: 'stop' } })).status).toBe(400);
    expect((await api('POST', `${base}/pve1/guests/100/actions`, { token: manager, body: { type: 'lxc', action: 'reset' } })).status).toBe(400);
    expect((await api('GET', `${base}/pve1/tasks/not-a-upid`, { token: manager })).status).toBe(400);
  });
});
