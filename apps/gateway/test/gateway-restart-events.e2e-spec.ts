import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addMember,
  freePort,
  registerServer,
  ServiceProcess,
  signInSeededAdmin,
  startProxmoxServer,
  startStack,
  type ApiCall,
  type ProxmoxServer,
  type Stack,
} from '@pve-nexus/testing';
import { SseReader, type SseEvent } from './sse-reader.js';

const PASSWORD = 'gateway restart passphrase 1';
/** Long enough for tasks to be running when the gateway stops, and to go on while it restarts. */
const TASK_MS = 3_000;

describe('acceptance: stopping and restarting the gateway while actions run loses no task events for a reconnecting client', () => {
  let pve: ProxmoxServer;
  let stack: Stack;
  let witnessGateway: ServiceProcess | undefined;
  let api: ApiCall;
  let manager: string;
  let tenant: string;
  let serverId: string;
  const readers: SseReader[] = [];

  const open = async (gatewayUrl: string, headers: Record<string, string> = {}) => {
    const reader = await SseReader.open(`${gatewayUrl}${tenant}/events`, manager, headers);
    readers.push(reader);
    expect(reader.status).toBe(200);
    return reader;
  };
  const stop = async (gatewayUrl: string, vmid: number): Promise<string> => {
    const res = await fetch(`${gatewayUrl}${tenant}/servers/${serverId}/nodes/${pve.entryNode}/guests/${vmid}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'qemu', action: 'stop' }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { upid: string }).upid;
  };
  const progress = (upid: string, status: string) => (event: SseEvent) => event.event === 'task.progress' && event.data.data.upid === upid && event.data.data.status === status;
  const finished = (upid: string) => (event: SseEvent) => event.event === 'vm.state' && event.data.data.upid === upid;
  const waitForAll = async (reader: SseReader, match: (upid: string) => (event: SseEvent) => boolean, upids: string[]) => {
    for (const upid of upids) await reader.next(match(upid), TASK_MS * 5);
  };

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'restart', nodes: 1, guestsPerNode: 20, seed: 'gateway-restart', taskDurationMs: TASK_MS });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: '0' } });
    let admin: string;
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    serverId = await registerServer(api, admin, tenantId, pve);
    // A second gateway replica stays up throughout: its client sees every event as it happens.
    witnessGateway = new ServiceProcess({ app: 'gateway', env: stack.service('gateway').options.env, httpPort: await freePort() });
    await witnessGateway.start();
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await witnessGateway?.stop();
    await stack?.close();
    await pve?.close();
  });

  it('replays, after the restart, every event published while the gateway was down: each task through to stopped, no gap, no duplicate', async () => {
    const gateway = stack.service('gateway');
    const vms = [...pve.cluster.guests.values()].filter((guest) => guest.type === 'qemu' && guest.state === 'running' && !guest.template).map((guest) => guest.vmid);
    expect(vms.length).toBeGreaterThanOrEqual(6);
    const witness = await open(witnessGateway!.url);
    const client = await open(gateway.url);

    // Actions start through the gateway that is about to stop; the client sees them running.
    const before = [];
    for (const vmid of vms.slice(0, 4)) before.push(await stop(gateway.url, vmid));
    await waitForAll(client, (upid) => progress(upid, 'running'), before);

    await gateway.stop();
    await client.ended;
    // What a client resumes from: the last event it got, however late the stream ended.
    const lastSeen = client.events.at(-1)!.id;
    // While it is down: more actions through the other replica, and the first tasks end.
    const during = [];
    for (const vmid of vms.slice(4, 6)) during.push(await stop(witnessGateway!.url, vmid));
    await waitForAll(witness, finished, before);
    const publishedWhileDown = witness.events.filter((event) => Number(event.id) > Number(lastSeen)).map((event) => event.id);

    await gateway.start();
    const resumed = await open(gateway.url, { 'last-event-id': lastSeen });
    const upids = [...before, ...during];
    await waitForAll(resumed, finished, upids);
    await waitForAll(witness, finished, upids);

    const received = [...client.events, ...resumed.events];
    const ids = received.map((event) => Number(event.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(received.map((event) => event.id)).toEqual(witness.events.map((event) => event.id));
    expect(resumed.events.slice(0, publishedWhileDown.length).map((event) => event.id)).toEqual(publishedWhileDown);
    expect(publishedWhileDown.length).toBeGreaterThanOrEqual(before.length * 2);

    for (const upid of upids) {
      const states = received.filter((event) => event.event === 'task.progress' && event.data.data.upid === upid).map((event) => event.data.data.status);
      expect(states).toEqual(['running', 'stopped']);
      expect(received.find(progress(upid, 'stopped'))?.data.data).toMatchObject({ ok: true, exitStatus: 'OK', action: 'stop' });
    }
  });
});
