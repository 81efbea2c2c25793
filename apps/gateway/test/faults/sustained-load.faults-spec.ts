import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventLog } from './event-log.js';
import { act, expectIntactAudit, openConsole, qemuGuests, readLedger, record, startWorld, stopWorld, until, type World } from './fault-harness.js';

/** How long the load runs: FAULTS_LOAD_MS, default five minutes. */
const DURATION_MS = Number(process.env.FAULTS_LOAD_MS ?? 300_000);
/** Bounded concurrency: this many clients of each kind, each waiting for its answer before the next call. */
const CLIENTS = { fleet: 2, actions: 2, consoles: 1 };

interface Tally {
  calls: number;
  statuses: Record<string, number>;
  latencies: number[];
}

function tally(): Tally {
  return { calls: 0, statuses: {}, latencies: [] };
}

function count(into: Tally, status: string, ms: number): void {
  into.calls++;
  into.statuses[status] = (into.statuses[status] ?? 0) + 1;
  into.latencies.push(ms);
}

function summary(of: Tally) {
  const sorted = [...of.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { calls: of.calls, statuses: of.statuses, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? 0 };
}

// The fleet list, power actions and consoles at once for DURATION_MS, on loopback only.
describe(`faults: ${DURATION_MS / 1000} s of sustained load (fleet list, actions, consoles)`, () => {
  let world: World;
  let events: EventLog;

  beforeAll(async () => {
    world = await startWorld({});
    events = await EventLog.open(`${world.stack.gatewayUrl}${world.tenant}/events`, world.manager);
  });

  afterAll(async () => {
    events?.close();
    await stopWorld(world);
  });

  it('answers every call without a 500, loses no task end, audit entry or console close', async () => {
    const before = await readLedger(world);
    const fleet = tally();
    const actions = tally();
    const consoles = tally();
    const upids: string[] = [];
    const sessions: string[] = [];
    const guests = qemuGuests(world);
    const consoleGuest = guests[0]!;
    // Each action client reboots its own guests in turn, so no two tasks meet on one guest.
    const pools = Array.from({ length: CLIENTS.actions }, (_, index) => guests.slice(1).filter((_guest, at) => at % CLIENTS.actions === index));
    const end = Date.now() + DURATION_MS;
    const running = () => Date.now() < end;

    const fleetClient = async () => {
      while (running()) {
        const started = Date.now();
        const res = await world.api('GET', `${world.tenant}/fleet`, { token: world.manager }).catch(() => ({ status: 0 }));
        count(fleet, String(res.status), Date.now() - started);
      }
    };
    const actionClient = async (pool: { node: string; vmid: number }[]) => {
      for (let turn = 0; running(); turn++) {
        const guest = pool[turn % pool.length]!;
        const answer = await act(world, guest, 'reboot');
        count(actions, `${answer.status}${answer.code ? ` ${answer.code}` : ''}`, answer.ms);
        if (answer.upid) upids.push(answer.upid);
        // The next action on this guest waits for its task to end, as a person would.
        if (answer.upid) await until('the task ending', async () => events.find((event) => event.event === 'task.progress' && event.data.data.upid === answer.upid && event.data.data.status === 'stopped'), 60_000, 50).catch(() => undefined);
      }
    };
    const consoleClient = async () => {
      while (running()) {
        const started = Date.now();
        try {
          const { opened, connection } = await openConsole(world, consoleGuest);
          sessions.push(opened.sessionId);
          connection.socket.close(1000);
          await connection.closed;
          count(consoles, 'ok', Date.now() - started);
        } catch (error) {
          count(consoles, (error as Error).message.slice(0, 60), Date.now() - started);
        }
      }
    };

    await Promise.all([
      ...Array.from({ length: CLIENTS.fleet }, fleetClient),
      ...pools.map(actionClient),
      ...Array.from({ length: CLIENTS.consoles }, consoleClient),
    ]);

    const drained = await until('every task end on the stream and every console close audited', async () => {
      const ledger = await readLedger(world);
      const tasksEnded = upids.every((upid) => events.find((event) => event.event === 'task.progress' && event.data.data.upid === upid && event.data.data.status === 'stopped'));
      return tasksEnded && sessions.every((id) => ledger.consoleCloses.get(id) === 1) ? ledger : undefined;
    }, 120_000).catch(() => undefined);
    const ledger = await expectIntactAudit(world);
    const missingCloses = sessions.filter((id) => ledger.consoleCloses.get(id) !== 1).length;
    const missingOpens = sessions.filter((id) => ledger.consoleOpens.get(id) !== 1).length;
    const decrypts = (ledger.decryptsByPurpose['vm-reboot'] ?? 0) - (before.decryptsByPurpose['vm-reboot'] ?? 0);
    await record('sustained-load', {
      durationMs: DURATION_MS,
      clients: CLIENTS,
      fleet: summary(fleet),
      actions: summary(actions),
      consoles: summary(consoles),
      tasksAccepted: upids.length,
      decryptEntries: decrypts,
      consoleSessions: sessions.length,
      missingOpens,
      missingCloses,
      drainMs: drained?.ms ?? null,
      auditEntries: ledger.chains.reduce((sum, chain) => sum + chain.entries, 0),
    });
    expect(Object.keys(fleet.statuses)).toEqual(['200']);
    expect(Object.keys(actions.statuses).filter((status) => status.startsWith('5'))).toEqual([]);
    expect(decrypts).toBe(upids.length);
    expect(missingOpens).toBe(0);
    expect(missingCloses).toBe(0);
    expect(drained).toBeDefined();
    expect(ledger.servers).toBe(before.servers);
  }, DURATION_MS + 300_000);
});
