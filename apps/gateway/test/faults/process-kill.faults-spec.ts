import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceName } from '@pve-nexus/contracts';
import { freePort, ServiceProcess } from '@pve-nexus/testing';
import { EventLog } from './event-log.js';
import { act, expectIntactAudit, openConsole, qemuGuests, readLedger, record, startWorld, stopWorld, until, untilActionsWork, type World } from './fault-harness.js';

// A replica of the executor, of inventory and of the console relay killed (SIGKILL: a crash, no
// drain) while it works; the other replica of each stays up.
describe('faults: killing a replica of the executor, inventory and the relay mid-work', () => {
  let world: World;
  let events: EventLog;
  const extra = new Map<ServiceName, ServiceProcess>();
  let scenarios = 0;

  beforeAll(async () => {
    world = await startWorld({ relayReplicas: 2, env: { RELAY_HEARTBEAT_MS: '500' } });
    for (const name of ['executor', 'inventory'] as const) {
      const replica = new ServiceProcess({ app: name, env: world.stack.service(name).options.env, httpPort: await freePort() });
      await replica.start();
      extra.set(name, replica);
    }
    events = await EventLog.open(`${world.stack.gatewayUrl}${world.tenant}/events`, world.manager);
  });

  afterAll(async () => {
    events?.close();
    await stopWorld(world, ['replicas', () => Promise.all([...extra.values()].map((replica) => replica.stop()))]);
  });

  const taskEnded = (upid: string) => events.find((event) => event.event === 'task.progress' && event.data.data.upid === upid && event.data.data.status === 'stopped');

  const killMidWork = (name: 'executor' | 'inventory') => async () => {
    const guests = qemuGuests(world).slice(12 * scenarios++);
    const before = await readLedger(world);
    // A burst of actions; one replica dies while they are on the bus.
    const burst = Promise.all(guests.slice(0, 10).map((guest) => act(world, guest, 'reboot')));
    const killedAt = Date.now();
    await world.stack.service(name).stop('SIGKILL');
    // The user retrying meanwhile: how soon is an action accepted again?
    const seen = new Set<string>();
    const [answers, recovered] = await Promise.all([burst, untilActionsWork(world, guests[10]!, seen)]);
    for (const answer of answers) seen.add(`${answer.status} ${answer.code ?? ''}`.trim());
    const accepted = [...answers, recovered.value].filter((answer) => answer.status === 202);
    const streamed = await until('accepted tasks ending on the live stream', async () => accepted.every((answer) => taskEnded(answer.upid!)), 60_000).catch(() => undefined);
    const missingTaskEnds = accepted.filter((answer) => !taskEnded(answer.upid!)).length;
    const ledger = await expectIntactAudit(world);
    const decrypts = (ledger.decryptsByPurpose['vm-reboot'] ?? 0) - (before.decryptsByPurpose['vm-reboot'] ?? 0);
    expect(ledger.servers).toBe(before.servers);
    await record(`${name}-kill`, {
      burst: answers.length,
      answers: [...seen],
      slowestAnswerMs: Math.max(...answers.map((answer) => answer.ms)),
      recoveryMs: recovered.ms,
      taskEndsStreamedMs: streamed?.ms ?? null,
      sinceKillMs: Date.now() - killedAt,
      accepted: accepted.length,
      decryptEntries: decrypts,
      missingTaskEnds,
    });
    // Every accepted action decrypted once (a refused one may have decrypted before failing).
    expect(decrypts).toBeGreaterThanOrEqual(accepted.length);
    expect(missingTaskEnds).toBe(0);
    // The killed replica comes back, as its supervisor would restart it.
    await world.stack.service(name).start();
  };

  it('executor: the other replica takes the actions; each accepted task ends on the stream', killMidWork('executor'), 300_000);

  it('inventory: the other replica answers; the audit chain has no gap or duplicate', killMidWork('inventory'), 300_000);

  it('relay: its consoles close with a code the web retries on, a new console opens on the other replica', async () => {
    const guests = qemuGuests(world);
    const [first, second] = world.stack.relays;
    const consoles = await Promise.all(guests.slice(0, 3).map((guest) => openConsole(world, guest, world.stack.relayUrls[0])));
    const killedAt = Date.now();
    await first!.stop('SIGKILL');
    const closes = await Promise.all(consoles.map((console) => console.connection.closed));
    const closedMs = Date.now() - killedAt;
    // The user reconnects: a new grant, the surviving replica.
    const reopened = await until('a console on the surviving replica', async () => openConsole(world, guests[0]!, world.stack.relayUrls[1]), 60_000, 250);
    reopened.value.connection.socket.close(1000);
    await reopened.value.connection.closed;
    const audited = await until('the reopened console closed in the audit', async () => (await readLedger(world)).consoleCloses.get(reopened.value.opened.sessionId) === 1, 60_000);
    const ledger = await expectIntactAudit(world);
    const killedSessions = consoles.map((console) => console.opened.sessionId);
    await record('relay-kill', {
      consoles: consoles.length,
      closeCodes: [...new Set(closes.map((closed) => closed.code))],
      consolesClosedMs: closedMs,
      reopenMs: Date.now() - killedAt - audited.ms,
      opensAudited: killedSessions.filter((id) => ledger.consoleOpens.get(id) === 1).length,
      closesAuditedOfKilled: killedSessions.filter((id) => ledger.consoleCloses.get(id) === 1).length,
    });
    expect(second).toBeDefined();
    for (const id of killedSessions) expect(ledger.consoleOpens.get(id)).toBe(1);
    await first!.start();
  }, 300_000);
});
