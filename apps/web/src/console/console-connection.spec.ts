import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConsoleCloseCode, type ConsoleOpened } from '@pve-nexus/contracts';
import { ApiError } from '../api/api-error';
import { ConsoleConnection, type ConsoleGrantInfo, type ConsoleStatus, type LinkEvents } from './console-connection';
import { MAX_RECONNECT_ATTEMPTS, reconnectDelayMs } from './reconnect-policy.util';

const RELAYS = ['ws://127.0.0.1:1/console', 'ws://127.0.0.1:2/console'];

/** A relay socket under the test's control: `drop` closes it as the relay would. */
class TestSocket extends EventTarget {
  closedByClient = false;
  constructor(
    readonly url: string,
    readonly token: string,
  ) {
    super();
  }
  close(): void {
    this.closedByClient = true;
  }
  drop(code: number, reason = ''): void {
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }
}

function grant(serial: number): ConsoleOpened {
  return {
    sessionId: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    token: `${'t'.repeat(40)}${String(serial).padStart(3, '0')}`,
    relayUrls: RELAYS,
    protocol: 'vnc',
    viewOnly: false,
    password: 'vnc-pass',
    expiresAt: new Date(0).toISOString(),
    guest: { serverId: '00000000-0000-4000-8000-00000000000a', serverName: 'pve', node: 'pve1', vmid: 100, type: 'qemu', name: 'web' },
  };
}

function setUp(open?: (serial: number) => Promise<ConsoleOpened>) {
  const statuses: ConsoleStatus[] = [];
  const grants: ConsoleGrantInfo[] = [];
  const sockets: TestSocket[] = [];
  const links: Array<{ events: LinkEvents; closed: boolean }> = [];
  let opens = 0;
  const connection = new ConsoleConnection({
    open: () => (open ?? ((serial) => Promise.resolve(grant(serial))))(++opens),
    connectSocket: (url, token) => {
      const socket = new TestSocket(url, token);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    attach: (_socket, _opened, events) => {
      const link = { events, closed: false };
      links.push(link);
      return { close: () => (link.closed = true) };
    },
    onStatus: (status) => statuses.push(status),
    onGrant: (info) => grants.push(info),
  });
  return { connection, statuses, grants, sockets, links, opens: () => opens, last: () => statuses.at(-1) };
}

/** A started connection whose first gateway answer has arrived. */
async function started(open?: (serial: number) => Promise<ConsoleOpened>) {
  const test = setUp(open);
  test.connection.start();
  await jest.advanceTimersByTimeAsync(0);
  return test;
}

describe('a console connection', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens the first relay with the token, and is connected once the viewer says so', async () => {
    const { connection, statuses, grants, sockets, links, last } = await started();
    expect(statuses).toEqual([{ state: 'connecting' }]);
    expect(sockets.map((socket) => [socket.url, socket.token])).toEqual([[RELAYS[0], grant(1).token]]);
    expect(grants[0]).toEqual({ sessionId: grant(1).sessionId, protocol: 'vnc', viewOnly: false, guest: grant(1).guest });
    expect(JSON.stringify(grants)).not.toContain(grant(1).token);
    expect(JSON.stringify(grants)).not.toContain('vnc-pass');
    links[0]!.events.connected();
    expect(last()).toEqual({ state: 'connected' });
    connection.stop();
  });

  it('after a dropped relay, gets a fresh token and tries the next relay first', async () => {
    const { connection, sockets, links, opens, last } = await started();
    links[0]!.events.connected();

    sockets[0]!.drop(1006);
    expect(links[0]!.closed).toBe(true);
    expect(last()).toMatchObject({ state: 'reconnecting', attempt: 1, maxAttempts: MAX_RECONNECT_ATTEMPTS });
    expect(opens()).toBe(1);
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(1));
    expect(opens()).toBe(2);
    expect(sockets[1]!.url).toBe(RELAYS[1]);
    expect(sockets[1]!.token).toBe(grant(2).token);
    links[1]!.events.connected();
    expect(last()).toEqual({ state: 'connected' });

    // Draining: the budget starts over after a connection that worked, and the first relay is fine again.
    sockets[1]!.drop(ConsoleCloseCode.DRAINING, 'shutting down');
    expect(last()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(1));
    expect(sockets[2]!.url).toBe(RELAYS[0]);
    connection.stop();
  });

  it('follows the gateway’s order of relays, skipping those that just failed until none is left', async () => {
    const orders = [RELAYS, [...RELAYS].reverse(), RELAYS, RELAYS];
    const { connection, sockets } = await started((serial) => Promise.resolve({ ...grant(serial), relayUrls: orders[serial - 1]! }));
    sockets[0]!.drop(1006);
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(1));
    expect(sockets[1]!.url).toBe(RELAYS[1]);
    sockets[1]!.drop(1006);
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(2));
    expect(sockets[2]!.url).toBe(RELAYS[0]);
    sockets[2]!.drop(1006);
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(3));
    expect(sockets[3]!.url).toBe(RELAYS[1]);
    connection.stop();
  });

  it('shows a decision of the relay and does not reconnect', async () => {
    const { sockets, links, opens, last } = await started();
    links[0]!.events.connected();
    sockets[0]!.drop(ConsoleCloseCode.ENDED_BY_ADMIN);
    expect(last()).toEqual({ state: 'disconnected', reason: 'An administrator ended this console session.' });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(opens()).toBe(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    const { connection, sockets, opens, last } = setUp();
    connection.start();
    for (let attempt = 1; attempt <= MAX_RECONNECT_ATTEMPTS; attempt++) {
      await jest.advanceTimersByTimeAsync(0);
      sockets.at(-1)!.drop(1006);
      expect(last()).toMatchObject({ state: 'reconnecting', attempt });
      await jest.advanceTimersByTimeAsync(reconnectDelayMs(attempt));
    }
    sockets.at(-1)!.drop(1006);
    expect(last()).toMatchObject({ state: 'disconnected' });
    expect((last() as { reason: string }).reason).toMatch(/Gave up after \d+ attempts/);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(opens()).toBe(MAX_RECONNECT_ATTEMPTS + 1);
  });

  it('retries a gateway that did not answer, and stops at a refusal', async () => {
    const answers = [Promise.reject(new ApiError(503, 'UNAVAILABLE', 'The executor is down.')), Promise.reject(new ApiError(409, 'CONFLICT', 'VM 100 not running'))];
    answers.forEach((answer) => answer.catch(() => undefined));
    const { statuses, sockets } = await started((serial) => answers[serial - 1]!);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, reason: 'The executor is down.' });
    await jest.advanceTimersByTimeAsync(reconnectDelayMs(1));
    expect(statuses.at(-1)).toEqual({ state: 'disconnected', reason: 'VM 100 not running' });
    expect(sockets).toHaveLength(0);
  });

  it('shows the viewer’s own failure (VNC authentication) instead of retrying', async () => {
    const { sockets, links, last } = await started();
    links[0]!.events.failed('VNC authentication failed.');
    sockets[0]!.drop(1000);
    expect(last()).toEqual({ state: 'disconnected', reason: 'VNC authentication failed.' });
  });

  it('reconnects on request with a new token, ignoring the old socket', async () => {
    const { connection, sockets, links, opens, last } = await started();
    connection.reconnect();
    expect(sockets[0]!.closedByClient).toBe(true);
    expect(links[0]!.closed).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(opens()).toBe(2);
    sockets[0]!.drop(1006);
    expect(last()).toEqual({ state: 'connecting' });
    connection.stop();
  });

  it('stops everything on stop: viewer, socket and a pending reconnect', async () => {
    const { connection, sockets, links, opens, statuses } = await started();
    sockets[0]!.drop(1006);
    connection.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(opens()).toBe(1);
    expect(links[0]!.closed).toBe(true);
    const seen = statuses.length;
    sockets[0]!.drop(1006);
    expect(statuses).toHaveLength(seen);
  });
});
