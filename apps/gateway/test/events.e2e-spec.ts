import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMember, closeProxmoxFleet, registerServer, signInSeededAdmin, startProxmoxFleet, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';
import { SseReader, type SseEvent } from './sse-reader.js';

const PASSWORD = 'events test passphrase 1';

describe('live updates: a tenant\'s domain events over SSE, resumable with Last-Event-ID', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let manager: string;
  let outsider: string;
  let tenantA: string;
  let tenantB: string;
  const serverIds: string[] = [];
  const readers: SseReader[] = [];

  const events = (tenantId: string) => `${stack.gatewayUrl}/api/v1/tenants/${tenantId}/events`;
  const open = async (tenantId: string, token: string, headers: Record<string, string> = {}, query = '') => {
    const reader = await SseReader.open(`${events(tenantId)}${query}`, token, headers);
    readers.push(reader);
    expect(reader.status).toBe(200);
    return reader;
  };
  /** A running, non-template VM of a simulator. */
  const runningVm = (pve: ProxmoxServer) => {
    const guest = [...pve.cluster.guests.values()].find((g) => g.type === 'qemu' && g.state === 'running' && !g.template);
    expect(guest).toBeDefined();
    return guest!;
  };
  const act = async (token: string, tenantId: string, serverId: string, node: string, vmid: number, action: string): Promise<string> => {
    const res = await api('POST', `/api/v1/tenants/${tenantId}/servers/${serverId}/nodes/${node}/guests/${vmid}/actions`, { token, body: { type: 'qemu', action } });
    expect(res.status).toBe(202);
    return res.body.upid as string;
  };
  const ofTask = (upid: string, status: string) => (event: SseEvent) => event.event === 'task.progress' && event.data.data.upid === upid && event.data.data.status === status;
  const vmState = (upid: string) => (event: SseEvent) => event.event === 'vm.state' && event.data.data.upid === upid;

  beforeAll(async () => {
    pves = await startProxmoxFleet({ servers: 2, guestsPerNode: 8, nodesPerServer: 1, seed: 7, server: { taskDurationMs: 800 } });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    ({ api, admin, tenantId: tenantA } = await signInSeededAdmin(stack, PASSWORD));
    tenantB = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'tenant-b', name: 'Tenant B' } })).body.tenant.id;
    manager = await addMember(api, admin, tenantA, 'manager@example.com', 'manager', PASSWORD);
    outsider = await addMember(api, admin, tenantB, 'outsider@example.com', 'viewer', PASSWORD);
    serverIds.push(await registerServer(api, admin, tenantA, pves[0]!), await registerServer(api, admin, tenantB, pves[1]!));
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  it('refuses a member of another tenant, and an invalid Last-Event-ID', async () => {
    expect((await SseReader.open(events(tenantA), outsider)).status).toBe(403);
    const bad = await fetch(events(tenantA), { headers: { authorization: `Bearer ${manager}`, 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION');
  });

  it('streams a stop\'s task progress and the VM\'s new state, and never another tenant\'s events', async () => {
    const streamA = await open(tenantA, manager);
    const streamB = await open(tenantB, outsider);

    const vmB = runningVm(pves[1]!);
    const upidB = await act(admin, tenantB, serverIds[1]!, vmB.node, vmB.vmid, 'stop');
    await streamB.next(vmState(upidB));

    const vmA = runningVm(pves[0]!);
    const upidA = await act(manager, tenantA, serverIds[0]!, vmA.node, vmA.vmid, 'stop');
    const running = await streamA.next(ofTask(upidA, 'running'));
    const stopped = await streamA.next(ofTask(upidA, 'stopped'));
    const state = await streamA.next(vmState(upidA));

    expect(running.data).toMatchObject({ kind: 'task.progress', tenantId: tenantA, id: expect.any(String), occurredAt: expect.any(String) });
    expect(running.data.data).toMatchObject({ serverId: serverIds[0], node: vmA.node, vmid: vmA.vmid, guestType: 'qemu', action: 'stop' });
    expect(stopped.data.data).toMatchObject({ exitStatus: 'OK', ok: true, vmid: vmA.vmid });
    expect(state.data).toMatchObject({ kind: 'vm.state', tenantId: tenantA, data: { serverId: serverIds[0], vmid: vmA.vmid, type: 'qemu', status: 'stopped' } });
    expect(Number(running.id)).toBeLessThan(Number(stopped.id));
    expect(Number(stopped.id)).toBeLessThan(Number(state.id));

    expect(streamA.events.every((event) => event.data.tenantId === tenantA)).toBe(true);
    expect(streamA.events.some((event) => event.data.data.upid === upidB)).toBe(false);
    expect(streamB.events.every((event) => event.data.tenantId === tenantB)).toBe(true);
  });

  it('resumes after a disconnection from Last-Event-ID (header or query) without losing an event', async () => {
    const witness = await open(tenantA, admin);
    const first = await open(tenantA, manager);
    const vm = runningVm(pves[0]!);
    const stopUpid = await act(manager, tenantA, serverIds[0]!, vm.node, vm.vmid, 'stop');
    const lastSeen = await first.next(vmState(stopUpid));
    first.close();

    const startUpid = await act(manager, tenantA, serverIds[0]!, vm.node, vm.vmid, 'start');
    await witness.next(vmState(startUpid));
    const missed = witness.events.filter((event) => Number(event.id) > Number(lastSeen.id));

    const resumed = await open(tenantA, manager, { 'last-event-id': lastSeen.id });
    await resumed.next(vmState(startUpid));
    expect(resumed.events.map((event) => event.id)).toEqual(missed.map((event) => event.id));
    expect(resumed.events.find(ofTask(startUpid, 'running'))).toBeDefined();
    expect(resumed.events.find(ofTask(startUpid, 'stopped'))?.data.data).toMatchObject({ ok: true, action: 'start' });
    expect(resumed.events.find(vmState(startUpid))?.data.data).toMatchObject({ vmid: vm.vmid, status: 'running' });

    const byQuery = await open(tenantA, manager, {}, `?lastEventId=${lastSeen.id}`);
    await byQuery.next(vmState(startUpid));
    expect(byQuery.events[0]?.id).toBe(missed[0]?.id);
  });
});
