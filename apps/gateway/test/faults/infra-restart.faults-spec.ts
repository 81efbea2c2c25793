import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cleanUp, startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type RestartableServer } from '@pve-nexus/testing';
import { EventLog } from './event-log.js';
import { act, expectIntactAudit, openConsole, qemuGuests, readLedger, record, startWorld, stopWorld, until, untilActionsWork, type ActionAnswer, type World } from './fault-harness.js';

// NATS, PostgreSQL and Redis each stopped and started again while actions run, a console is open
// and a live-event stream is read. PostgreSQL and Redis are private instances of this file (the
// machine's shared ones are never restarted); NATS is the stack's own.
describe('faults: restarting NATS, PostgreSQL and Redis under in-flight work', () => {
  let postgres: PrivatePostgres;
  let redis: RestartableServer;
  let world: World;
  let events: EventLog;
  const accepted: ActionAnswer[] = [];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis();
    world = await startWorld({ database: postgres.database, redisUrl: redis.url });
    events = await EventLog.open(`${world.stack.gatewayUrl}${world.tenant}/events`, world.manager);
  });

  afterAll(async () => {
    events?.close();
    await stopWorld(world);
    await cleanUp([
      ['redis', () => redis?.close()],
      ['postgres', () => postgres?.close()],
    ]);
  });

  const taskEnded = (upid: string) => events.find((event) => event.event === 'task.progress' && event.data.data.upid === upid && event.data.data.status === 'stopped');

  let scenarios = 0;
  const scenario = (fault: string, restart: (whileDown: () => Promise<void>) => Promise<void>) => async () => {
    // Guests of this scenario only: a reboot still running from another would answer 409.
    const guests = qemuGuests(world).slice(6 * scenarios++);
    expect(guests.length).toBeGreaterThanOrEqual(6);
    const consoleGuest = guests[0]!;
    const console = await openConsole(world, consoleGuest);
    const before = await readLedger(world);
    // In flight: three reboots whose tasks run through the restart.
    const inFlight = await Promise.all(guests.slice(1, 4).map((guest) => act(world, guest, 'reboot')));
    expect(inFlight.map((answer) => answer.status)).toEqual([202, 202, 202]);
    accepted.push(...inFlight);

    const seenWhileDown = new Set<string>();
    let downAt = 0;
    await restart(async () => {
      downAt = Date.now();
      // What a user gets while it is down: one action and one fleet list.
      const answer = await act(world, guests[4]!, 'reboot');
      seenWhileDown.add(`action ${answer.status} ${answer.code ?? ''}`.trim());
      if (answer.status === 202) accepted.push(answer);
      const fleet = await world.api('GET', `${world.tenant}/fleet`, { token: world.manager }).catch(() => ({ status: 0, body: {} as { code?: string } }));
      seenWhileDown.add(`fleet ${fleet.status} ${(fleet.body as { code?: string })?.code ?? ''}`.trim());
    });
    const upAt = Date.now();

    const seenAfter = new Set<string>();
    const recovered = await untilActionsWork(world, guests[5]!, seenAfter);
    accepted.push(recovered.value);
    // Every task started before the restart, and the first after it, is seen ending on the live stream.
    const upids = [...inFlight, recovered.value].map((answer) => answer.upid!);
    const streamed = await until('every task ending on the live stream', async () => upids.every((upid) => taskEnded(upid)), 60_000).catch(() => undefined);
    const missingTaskEnds = upids.filter((upid) => !taskEnded(upid)).map((upid) => (upid === recovered.value.upid ? 'after-restart' : 'in-flight'));
    const consoleState = await Promise.race([console.connection.closed.then((closed) => `closed ${closed.code}`), Promise.resolve('open')]);
    console.connection.socket.close(1000);
    await console.connection.closed;
    const closeAudited = await until('the console close audited', async () => (await readLedger(world)).consoleCloses.get(console.opened.sessionId) === 1, 60_000);

    const ledger = await expectIntactAudit(world);
    expect(ledger.consoleOpens.get(console.opened.sessionId)).toBe(1);
    expect(ledger.consoleCloses.get(console.opened.sessionId)).toBe(1);
    expect(ledger.servers).toBe(before.servers);
    const newDecrypts = (ledger.decryptsByPurpose['vm-reboot'] ?? 0) - (before.decryptsByPurpose['vm-reboot'] ?? 0);
    const acceptedHere = inFlight.length + 1;
    expect(newDecrypts).toBeGreaterThanOrEqual(acceptedHere);
    await record(fault, {
      downMs: upAt - downAt,
      whileDown: [...seenWhileDown],
      whileRecovering: [...seenAfter],
      actionRecoveryMs: recovered.ms,
      streamRecoveryMs: streamed ? streamed.ms + recovered.ms : null,
      missingTaskEnds,
      gatewayWarnings: world.stack.service('gateway').output.join('').split('\n').filter((line) => /event stream|nats|jetstream/i.test(line)).slice(-3),
      consoleDuringRestart: consoleState,
      consoleCloseAuditedMs: closeAudited.ms,
      streamReconnects: events.reconnects,
      decryptEntriesForActions: newDecrypts,
      acceptedActions: acceptedHere,
    });
    expect(missingTaskEnds).toEqual([]);
    // A dependency that is down is "try again" (503), never an internal error.
    expect([...seenWhileDown, ...seenAfter].filter((seen) => /\b500\b/.test(seen))).toEqual([]);
  };

  it('NATS: actions come back, the stream resumes, no audit entry or task lost', scenario('nats-restart', (whileDown) => world.stack.nats.restart(whileDown)), 300_000);

  it('PostgreSQL: actions come back, no audit entry lost or doubled', scenario('postgres-restart', async (whileDown) => {
    await postgres.down();
    await whileDown();
    await postgres.up();
  }), 300_000);

  it('Redis: actions come back, the console and stream survive', scenario('redis-restart', async (whileDown) => {
    await redis.down();
    await whileDown();
    await redis.up();
  }), 300_000);
});
