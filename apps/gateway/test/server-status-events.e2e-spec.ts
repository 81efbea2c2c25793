import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  addMember,
  closeProxmoxFleet,
  freePort,
  registerServer,
  ServiceProcess,
  signInSeededAdmin,
  startProxmoxFleet,
  startStack,
  waitFor,
  type ApiCall,
  type ProxmoxServer,
  type Stack,
} from '@pve-nexus/testing';
import { SseReader, type SseEvent } from './sse-reader.js';

const PASSWORD = 'status events passphrase 1';
const INTERVAL_MS = 800;

describe('server.status events: a server that stops answering, and answers again, is announced once per change', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  let stream: SseReader;
  let second: ServiceProcess | undefined;
  const serverIds: string[] = [];

  const statusOf = (serverId: string) => (event: SseEvent) => event.event === 'server.status' && event.data.data.serverId === serverId;
  const statuses = (serverId: string) => stream.events.filter(statusOf(serverId)).map((event) => event.data.data.status as string);
  const health = async (serverId: string) => (await api('GET', `${tenant}/servers/${serverId}/health?hours=1`, { token: admin })).body.status as string | null;

  beforeAll(async () => {
    pves = await startProxmoxFleet({ servers: 2, guestsPerNode: 1, nodesPerServer: 1, seed: 11 });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { HEALTH_CHECK_INTERVAL_MS: String(INTERVAL_MS) } });
    // Two replicas check the servers: each change must still be announced once.
    const executor = stack.service('executor');
    second = new ServiceProcess({ app: 'executor', env: executor.options.env, httpPort: await freePort() });
    await second.start();
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    const viewer = await addMember(api, admin, tenantId, 'viewer@example.com', 'viewer', PASSWORD);
    // Open before the servers exist, so their first status is seen too.
    stream = await SseReader.open(`${stack.gatewayUrl}${tenant}/events`, viewer);
    expect(stream.status).toBe(200);
    for (const pve of pves) serverIds.push(await registerServer(api, admin, tenantId, pve, { connectTimeoutMs: 3_000 }));
  });

  afterAll(async () => {
    stream?.close();
    await second?.stop();
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  it('announces each server\'s first status, to a viewer too', async () => {
    for (const serverId of serverIds) {
      const first = await stream.next(statusOf(serverId), 60_000);
      expect(first.data).toMatchObject({ kind: 'server.status', data: { serverId, status: 'ok' }, occurredAt: expect.any(String) });
      expect(first.data.data.error).toBeUndefined();
    }
  });

  it('announces a server going down once, with the reason, however many checks then fail', async () => {
    const [up, down] = serverIds as [string, string];
    await pves[1]!.stopListening();
    const event = await stream.next((candidate) => statusOf(down)(candidate) && candidate.data.data.status === 'error', 60_000);
    expect(event.data.data).toEqual({ serverId: down, status: 'error', error: { reason: 'refused', message: expect.any(String) } });
    // Degraded, then offline: more failed checks, no more events.
    await waitFor('the stopped server offline', async () => (await health(down)) === 'offline', 60_000);
    await sleep(INTERVAL_MS * 3);
    expect(statuses(down)).toEqual(['ok', 'error']);
    expect(statuses(up)).toEqual(['ok']);
  });

  it('announces the server answering again on the first check of a restarted executor', async () => {
    const down = serverIds[1]!;
    const seen = Number(stream.events.at(-1)?.id ?? 0);
    // No executor runs while the server comes back: the change is found by comparing with the stored status.
    await second?.stop();
    await stack.service('executor').stop();
    await pves[1]!.startListening();
    await stack.service('executor').start();
    await stream.next((candidate) => statusOf(down)(candidate) && candidate.data.data.status === 'ok' && Number(candidate.id) > seen, 60_000);
    await sleep(INTERVAL_MS * 3);
    expect(statuses(down)).toEqual(['ok', 'error', 'ok']);
    expect(statuses(serverIds[0]!)).toEqual(['ok']);
    const ids = stream.events.map((event) => Number(event.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
