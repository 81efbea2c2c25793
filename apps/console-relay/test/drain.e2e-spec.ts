import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleCloseCode, ConsoleRpc, RECONNECTABLE_CLOSE_CODES } from '@pve-nexus/contracts';
import { connectRelay, RelayRefusal, rfbHandshake, waitFor, type RelayConnection } from '@pve-nexus/testing';
import { startRelayFixture, type RelayFixture } from './relay-fixture.js';

// A replica going away: killed (its clients reconnect through the other one with a fresh grant),
// or stopped with SIGTERM (it drains: no new sessions, a grace period, then DRAINING).

const DRAIN_GRACE_MS = 3_000;

describe('replicas going away', () => {
  let f: RelayFixture;

  /**
   * What the web console does on a reconnectable close: a fresh grant, then the relay URLs in turn
   * until one accepts (here the killed replica's first, so it is tried and skipped).
   */
  const reconnect = async (vmid: number): Promise<RelayConnection> => {
    const { token, password } = await f.mint({ vmid });
    for (const url of [...f.stack.relayUrls].reverse()) {
      const connection = await connectRelay(url, token).catch(() => undefined);
      if (!connection) continue;
      await rfbHandshake(connection, password!);
      return connection;
    }
    throw new Error('no relay accepted');
  };

  beforeAll(async () => {
    f = await startRelayFixture({ RELAY_DRAIN_GRACE_MS: String(DRAIN_GRACE_MS) });
  });
  afterAll(() => f?.close());

  it('moves the sessions of a killed replica to the other one, and forgets them once their lease ends', async () => {
    const doomed = await Promise.all(
      f.vms.map(async (vm) => {
        const { token, password, grant } = await f.mint({ vmid: vm.vmid });
        const connection = await connectRelay(f.stack.relayUrls[1]!, token);
        await rfbHandshake(connection, password!);
        return { connection, grant };
      }),
    );
    const doomedIds = doomed.map(({ grant }) => grant.sessionId);
    await waitFor('the sessions listed', async () => (await f.rpc(ConsoleRpc.listSessions, {})).sessions.filter((view) => doomedIds.includes(view.sessionId)).length === 2);

    await f.stack.relays[1]!.stop('SIGKILL');
    for (const { connection } of doomed) expect(RECONNECTABLE_CLOSE_CODES).toContain((await connection.closed).code);
    const moved = await Promise.all(f.vms.map((vm) => reconnect(vm.vmid)));
    await waitFor('the dead replica\'s sessions gone from the registry', async () => {
      const live = (await f.rpc(ConsoleRpc.listSessions, {})).sessions;
      return live.length === moved.length && !live.some((view) => doomedIds.includes(view.sessionId));
    });
    for (const connection of moved) connection.socket.close();
  });

  it('drains on SIGTERM: refuses new consoles, lets live ones finish, then closes them with DRAINING', async () => {
    const replica = f.stack.relays[0]!;
    const { token, password, grant } = await f.mint();
    const live = await connectRelay(f.stack.relayUrls[0]!, token);
    await rfbHandshake(live, password!);

    replica.signal('SIGTERM');
    await waitFor('new consoles refused', async () => {
      try {
        (await connectRelay(f.stack.relayUrls[0]!, undefined)).socket.terminate();
        return false;
      } catch (error) {
        return error instanceof RelayRefusal && error.status === 503;
      }
    });
    expect(live.socket.readyState).toBe(live.socket.OPEN);
    expect(await live.closed).toEqual({ code: ConsoleCloseCode.DRAINING, reason: 'relay shutting down: reconnect' });
    await replica.stop();

    const audit = await f.api('GET', `/api/v1/tenants/${f.tenantId}/audit?action=console.close&targetId=${grant.sessionId}`, { token: f.admin });
    expect(audit.body.entries).toEqual([expect.objectContaining({ details: expect.objectContaining({ closeCode: ConsoleCloseCode.DRAINING, closedBy: 'relay' }) })]);
  });
});
