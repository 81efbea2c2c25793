import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { api, waitForTask } from './sim-client.test-util.js';
import { ByteStream, openConsoleSocket, waitFor } from './console-client.test-util.js';
import type { SimGuest } from './proxmox-cluster.js';

// termproxy's protocol (pve-xtermjs) behind vncwebsocket: "user:ticket\n", "OK", then
// 0:LEN:DATA input, 1:COLS:ROWS: resize and 2 ping packets.

let server: ProxmoxServer;
let ct: SimGuest;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'term', guestsPerNode: 8, seed: 3 });
  ct = [...server.cluster.guests.values()].find((guest) => guest.type === 'lxc')!;
  server.setGuestState(ct.vmid, 'running');
});
afterAll(() => server.close());

async function openTerminal() {
  const res = await api(server, 'POST', `/nodes/pve1/lxc/${ct.vmid}/termproxy`);
  const { user, ticket, port, upid } = res.json.data;
  const opened = await openConsoleSocket(server, `/nodes/pve1/lxc/${ct.vmid}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(ticket)}`);
  if (!opened.socket) throw new Error(`upgrade refused: ${opened.status} ${opened.message}`);
  return { user: user as string, ticket: ticket as string, upid: upid as string, socket: opened.socket, stream: new ByteStream(opened.socket) };
}

const input = (data: string) => `0:${Buffer.byteLength(data, 'utf8')}:${data}`;

describe('termproxy behind vncwebsocket', () => {
  it('logs in with user:ticket, answers OK and a prompt, echoes input, handles resize and ping', async () => {
    const { user, ticket, upid, socket, stream } = await openTerminal();
    expect(ct).toBeDefined();
    socket.send(`${user}:${ticket}\n`);
    const prompt = `root@${ct.name}:~# `;
    expect(await stream.readTextUntil((text) => text.endsWith(prompt))).toBe(`OK${prompt}`);

    socket.send('1:120:40:');
    socket.send('2');
    socket.send(input('echo héllo'));
    expect(await stream.readTextUntil((text) => text === 'echo héllo')).toBe('echo héllo');
    socket.send(input('\r'));
    expect(await stream.readTextUntil((text) => text.endsWith(prompt))).toBe(`\r\nhéllo\r\n${prompt}`);

    // Packets may arrive coalesced or split across messages.
    socket.send(`${input('hostname')}${input('\r').slice(0, 3)}`);
    socket.send(input('\r').slice(3));
    expect(await stream.readTextUntil((text) => text.endsWith(prompt))).toBe(`hostname\r\n${ct.name}\r\n${prompt}`);

    const session = server.consoleSessions().find((entry) => entry.vmid === ct.vmid)!;
    expect(session).toMatchObject({ protocol: 'term', node: 'pve1', active: true });
    expect(session.term).toMatchObject({ cols: 120, rows: 40 });
    expect(session.events.map(({ at: _at, ...event }) => event)).toEqual([
      { type: 'login', user, ok: true },
      { type: 'resize', cols: 120, rows: 40 },
      { type: 'ping' },
      { type: 'input', data: 'echo héllo' },
      { type: 'input', data: '\r' },
      { type: 'line', line: 'echo héllo' },
      { type: 'input', data: 'hostname' },
      { type: 'input', data: '\r' },
      { type: 'line', line: 'hostname' },
    ]);

    socket.send(input('exit\r'));
    expect(await stream.rest()).toEqual(Buffer.from('exit\r\nlogout\r\n'));
    expect((await waitForTask(server, 'pve1', upid)).exitstatus).toBe('OK');
  });

  it('drops the connection when the first line is not the ticket', async () => {
    const { user, socket, stream } = await openTerminal();
    socket.send(`${user}:PVEVNC:00000000::forged\n`);
    expect((await stream.rest()).length).toBe(0);
    expect(stream.closed).toBe(true);
    await waitFor(() => server.consoleSessions().every((entry) => entry.vmid !== ct.vmid) || undefined);
  });
});
