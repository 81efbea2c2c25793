import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleCloseCode, ConsoleRpc } from '@pve-nexus/contracts';
import { connectRelay, rfb, rfbHandshake, rfbReadUpdate, termInput, waitFor, type RelayConnection, type RfbEvent } from '@pve-nexus/testing';
import { startRelayFixture, type RelayFixture } from './relay-fixture.js';

// Relayed sessions: a full VNC console and a terminal reach the simulated guest, a view-only one
// is filtered by the relay, and the limits (idle timeout, tenant cap) close with their codes.

const IDLE_TIMEOUT_MS = 2_000;
const TENANT_CAP = 3;
const A = 0x61;

describe('relayed console sessions', () => {
  let f: RelayFixture;
  const secrets: string[] = [];
  const open = async (request: Parameters<RelayFixture['mint']>[0] = {}, replica = 0) => {
    const minted = await f.mint(request);
    secrets.push(minted.token, minted.grant.ticket, ...(minted.password ? [minted.password] : []));
    return { ...minted, connection: await connectRelay(f.stack.relayUrls[replica]!, minted.token) };
  };
  const keysOf = (events: RfbEvent[]) => events.flatMap((event) => (event.type === 'key' ? [event.key] : []));
  const termEvents = (port: number) => f.pve.consoleSessions().find((console) => console.port === port && console.protocol === 'term')?.events ?? [];
  const prompt = (connection: RelayConnection) => connection.stream.readTextUntil((text) => text.endsWith(`root@${f.container.name}:~# `));

  beforeAll(async () => {
    f = await startRelayFixture({ RELAY_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS), RELAY_TENANT_SESSION_CAP: String(TENANT_CAP) });
  });
  afterAll(() => f?.close());

  it('relays a full VNC console: screen updates come, keys and pointer reach the guest', async () => {
    const vm = f.vms[0]!;
    const { connection, password } = await open({ vmid: vm.vmid }, 1);
    const desktop = await rfbHandshake(connection, password!);
    connection.socket.send(rfb.updateRequest(false, desktop));
    const screen = await rfbReadUpdate(connection.stream);
    expect(screen.length).toBe(640 * 400 * 4);
    connection.socket.send(rfb.updateRequest(true, desktop));
    // The simulated screen shows a clock: the next update differs.
    expect((await rfbReadUpdate(connection.stream)).equals(screen)).toBe(false);

    connection.socket.send(Buffer.concat([rfb.key(A, true), rfb.key(A, false), rfb.pointer(12, 34, 1)]));
    await waitFor('the key and the pointer at the guest', async () => f.pve.rfbEvents(vm.vmid).some((event) => event.type === 'pointer' && event.x === 12 && event.y === 34));
    expect(keysOf(f.pve.rfbEvents(vm.vmid))).toEqual([A, A]);
    connection.socket.close();
  });

  it('relays a terminal: the relay logs in, the browser sees the shell (never termproxy\'s OK) and its echo', async () => {
    const { connection } = await open({ vmid: f.container.vmid });
    const greeting = await prompt(connection);
    expect(greeting).toBe(`root@${f.container.name}:~# `);
    connection.socket.send(termInput('echo hello relay\r'));
    expect(await connection.stream.readTextUntil((text) => text.includes('hello relay\r\nroot@'))).toContain('echo hello relay\r\nhello relay\r\n');
    connection.socket.send(termInput('exit\r'));
    // The shell ended the console: not a failure the browser should reconnect after.
    expect(await connection.closed).toEqual({ code: 1000, reason: 'console ended' });
  });

  it('drops a view-only client\'s keys, pointer, clipboard and QEMU key events while a full client\'s pass', async () => {
    const vm = f.vms[1]!;
    const viewer = await open({ vmid: vm.vmid, viewOnly: true });
    const full = await open({ vmid: vm.vmid });
    const viewerDesktop = await rfbHandshake(viewer.connection, viewer.password!);
    await rfbHandshake(full.connection, full.password!);

    const cutText = Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 4]), Buffer.from('pwnd')]);
    const qemuKey = Buffer.from([255, 0, 0, 1, 0, 0, 0, 0x76, 0, 0, 0, 47]);
    viewer.connection.socket.send(Buffer.concat([rfb.key(0x76, true), rfb.pointer(111, 222, 1), cutText, qemuKey, rfb.updateRequest(false, viewerDesktop)]));
    // The relay passes the client's stream in order: once the update request was answered, any
    // input sent before it would have reached the guest.
    expect((await rfbReadUpdate(viewer.connection.stream)).length).toBe(640 * 400 * 4);
    full.connection.socket.send(rfb.key(0x66, true));
    await waitFor('the full client\'s key', async () => keysOf(f.pve.rfbEvents(vm.vmid)).includes(0x66));

    const events = f.pve.rfbEvents(vm.vmid);
    expect(keysOf(events)).toEqual([0x66]);
    expect(events.filter((event) => event.type === 'pointer' || event.type === 'cut-text')).toEqual([]);
    viewer.connection.socket.close();
    full.connection.socket.close();
  });

  it('drops a view-only terminal\'s input but passes its resizes', async () => {
    const { connection, grant } = await open({ vmid: f.container.vmid, viewOnly: true });
    await prompt(connection);
    connection.socket.send(termInput('echo nope\r'));
    connection.socket.send('1:100:30:');
    await waitFor('the resize', async () => termEvents(grant.port).some((event) => event.type === 'resize'));
    expect(termEvents(grant.port).map((event) => event.type)).toEqual(['login', 'resize']);
    connection.socket.close();
  });

  it('refuses a view-only VNC client that does not speak RFB with PROTOCOL_ERROR', async () => {
    const { connection } = await open({ vmid: f.vms[1]!.vmid, viewOnly: true });
    await connection.stream.read(12);
    connection.socket.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect((await connection.closed).code).toBe(ConsoleCloseCode.PROTOCOL_ERROR);
  });

  it('closes a session with no traffic either way with IDLE_TIMEOUT', async () => {
    const { connection } = await open({ vmid: f.container.vmid });
    await prompt(connection);
    expect(await connection.closed).toEqual({ code: ConsoleCloseCode.IDLE_TIMEOUT, reason: 'idle for too long' });
  });

  it('caps live sessions per tenant over both replicas, and frees a slot when a session ends', async () => {
    await waitFor('no live session left', async () => (await f.rpc(ConsoleRpc.listSessions, {})).sessions.length === 0);
    const live = await Promise.all(Array.from({ length: TENANT_CAP }, (_, i) => open({}, i % 2)));
    for (const { connection } of live) await connection.stream.read(12);
    const over = await open({}, 1);
    expect(await over.connection.closed).toEqual({ code: ConsoleCloseCode.TENANT_SESSION_CAP, reason: 'too many consoles open in this tenant' });
    expect(f.pve.consoleSessions().some((console) => console.port === over.grant.port)).toBe(false);

    live[0]!.connection.socket.close();
    await live[0]!.connection.closed;
    await waitFor('a free slot', async () => (await f.rpc(ConsoleRpc.listSessions, {})).sessions.length === TENANT_CAP - 1);
    const again = await open({}, 1);
    await again.connection.stream.read(12);
    for (const { connection } of [...live, again]) connection.socket.close();
  });

  it('audits every open and close as the person, with sizes and close codes, and no secret', async () => {
    const audit = await f.api('GET', `/api/v1/tenants/${f.tenantId}/audit?limit=200`, { token: f.admin });
    const entries = (audit.body.entries as { action: string; outcome: string; actorId: string; details: Record<string, unknown> }[]).filter((entry) => entry.action.startsWith('console.'));
    const closes = entries.filter((entry) => entry.action === 'console.close');
    expect(entries.filter((entry) => entry.action === 'console.open' && entry.outcome === 'success').length).toBeGreaterThanOrEqual(closes.length);
    expect(closes.map((entry) => entry.details.closeCode)).toEqual(expect.arrayContaining([1000, ConsoleCloseCode.IDLE_TIMEOUT, ConsoleCloseCode.PROTOCOL_ERROR]));
    expect(closes[0]).toMatchObject({
      actorId: expect.stringContaining(f.identity.actor.type === 'user' ? f.identity.actor.userId : 'nobody'),
      details: { sessionId: expect.any(String), serverId: f.serverId, vmid: expect.any(Number), protocol: expect.any(String), viewOnly: expect.any(Boolean), durationMs: expect.any(Number), bytesIn: expect.any(Number), bytesOut: expect.any(Number) },
    });
    for (const secret of secrets) expect(audit.text).not.toContain(secret);
  });
});
