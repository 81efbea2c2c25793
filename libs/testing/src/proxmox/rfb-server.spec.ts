import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type WebSocket from 'ws';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { desEcbEncrypt, vncAuthResponse } from './rfb-server.js';
import { api, waitForTask } from './sim-client.test-util.js';
import { ByteStream, openConsoleSocket, waitFor } from './console-client.test-util.js';

// The built-in RFB server behind vncwebsocket, driven by a minimal RFB 3.8 client (RFC 6143).

let server: ProxmoxServer;
let vmid: number;
let vmName: string;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'rfb', nodes: 2, guestsPerNode: 6, seed: 5, rfbRefreshMs: 200 });
  const vm = [...server.cluster.guests.values()].find((guest) => guest.type === 'qemu' && guest.node === 'pve1')!;
  vmid = vm.vmid;
  vmName = vm.name;
  server.setGuestState(vmid, 'running');
});
afterAll(() => server.close());

interface Opened {
  ticket: string;
  port: string;
  password?: string;
  upid: string;
}

async function vncproxy(target: ProxmoxServer, node: string, id: number, generatePassword = true): Promise<Opened> {
  const res = await api(target, 'POST', `/nodes/${node}/qemu/${id}/vncproxy`, { form: { websocket: 1, ...(generatePassword ? { 'generate-password': 1 } : {}) } });
  expect(res.status).toBe(200);
  return res.json.data;
}

const websocketPath = (node: string, id: number, opened: Pick<Opened, 'port' | 'ticket'>, port = opened.port) =>
  `/nodes/${node}/qemu/${id}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(opened.ticket)}`;

async function connect(target: ProxmoxServer, path: string): Promise<{ socket: WebSocket; stream: ByteStream }> {
  const opened = await openConsoleSocket(target, path);
  if (!opened.socket) throw new Error(`upgrade refused: ${opened.status} ${opened.message}`);
  return { socket: opened.socket, stream: new ByteStream(opened.socket) };
}

/** ProtocolVersion, security type 2, VNC Authentication; returns the SecurityResult (and reason). */
async function authenticate(socket: WebSocket, stream: ByteStream, password: string): Promise<{ result: number; reason?: string }> {
  expect((await stream.read(12)).toString('latin1')).toBe('RFB 003.008\n');
  socket.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const types = await stream.read(1);
  expect([...(await stream.read(types[0]!))]).toEqual([2]);
  socket.send(Buffer.from([2]));
  const challenge = await stream.read(16);
  socket.send(vncAuthResponse(challenge, password));
  const result = (await stream.read(4)).readUInt32BE(0);
  if (result === 0) return { result };
  const length = (await stream.read(4)).readUInt32BE(0);
  return { result, reason: (await stream.read(length)).toString('latin1') };
}

async function serverInit(socket: WebSocket, stream: ByteStream) {
  socket.send(Buffer.from([1])); // ClientInit, shared
  const head = await stream.read(24);
  const name = (await stream.read(head.readUInt32BE(20))).toString('utf8');
  return {
    width: head.readUInt16BE(0),
    height: head.readUInt16BE(2),
    bitsPerPixel: head[4],
    depth: head[5],
    trueColour: head[7],
    shifts: [head[14], head[15], head[16]],
    name,
  };
}

function requestUpdate(socket: WebSocket, incremental: boolean, width: number, height: number): void {
  const msg = Buffer.alloc(10);
  msg.writeUInt8(3, 0);
  msg.writeUInt8(incremental ? 1 : 0, 1);
  msg.writeUInt16BE(width, 6);
  msg.writeUInt16BE(height, 8);
  socket.send(msg);
}

/** One FramebufferUpdate with Raw rectangles, 32 bpp; returns the rectangles' pixels. */
async function readUpdate(stream: ByteStream, timeoutMs = 5_000) {
  const head = await stream.read(4, timeoutMs);
  expect(head[0]).toBe(0);
  const rects = [];
  for (let i = head.readUInt16BE(2); i > 0; i--) {
    const rect = await stream.read(12);
    const [x, y, w, h, encoding] = [rect.readUInt16BE(0), rect.readUInt16BE(2), rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)];
    expect(encoding).toBe(0);
    rects.push({ x, y, w, h, pixels: await stream.read(w * h * 4) });
  }
  return rects;
}

describe('DES for VNC Authentication', () => {
  it('is single DES (FIPS 81 vector) and bit-reverses the password bytes', () => {
    expect(desEcbEncrypt(Buffer.from('0123456789abcdef', 'hex'), Buffer.from('Now is t', 'latin1')).toString('hex')).toBe('3fa40e8a984d4815');
    // Key "\x80" reversed is 0x01: VNC auth with password "\x80" equals DES with key 01 00 .. 00.
    const challenge = Buffer.alloc(16, 7);
    expect(vncAuthResponse(challenge, '\x80')).toEqual(desEcbEncrypt(Buffer.from('0100000000000000', 'hex'), challenge));
    // Only the first 8 characters of the password count.
    expect(vncAuthResponse(challenge, 'PVEVNC:0ABCDEF')).toEqual(vncAuthResponse(challenge, 'PVEVNC:0'));
  });
});

describe('RFB server behind vncwebsocket', () => {
  it('serves an authenticated RFB 3.8 session with a changing screen, input events and clipboard', async () => {
    const opened = await vncproxy(server, 'pve1', vmid);
    const { socket, stream } = await connect(server, websocketPath('pve1', vmid, opened));
    expect(await authenticate(socket, stream, opened.password!)).toEqual({ result: 0 });
    const init = await serverInit(socket, stream);
    expect(init).toEqual({ width: 640, height: 400, bitsPerPixel: 32, depth: 24, trueColour: 1, shifts: [16, 8, 0], name: vmName });

    const encodings = Buffer.alloc(8);
    encodings.writeUInt8(2, 0);
    encodings.writeUInt16BE(1, 2);
    encodings.writeInt32BE(0, 4); // Raw
    socket.send(encodings);

    requestUpdate(socket, false, init.width, init.height);
    const [full] = await readUpdate(stream);
    expect(full).toMatchObject({ x: 0, y: 0, w: 640, h: 400 });
    expect(full!.pixels.length).toBe(640 * 400 * 4);
    expect(new Set(full!.pixels).size).toBeGreaterThan(2); // text on a background

    // Incremental: answered when the screen changes (the clock ticks within ~1 s)...
    requestUpdate(socket, true, init.width, init.height);
    const [next] = await readUpdate(stream, 10_000);
    expect(next!.pixels.equals(full!.pixels)).toBe(false);
    // An incremental request left waiting: the typed key below answers it.
    requestUpdate(socket, true, init.width, init.height);

    // KeyEvent 'a' down and up, a pointer click, ClientCutText.
    const key = (down: boolean) => Buffer.from([4, down ? 1 : 0, 0, 0, 0, 0, 0, 0x61]);
    socket.send(key(true));
    socket.send(key(false));
    socket.send(Buffer.from([5, 1, 0, 10, 0, 20]));
    const text = Buffer.from('copied text', 'latin1');
    const cut = Buffer.alloc(8);
    cut.writeUInt8(6, 0);
    cut.writeUInt32BE(text.length, 4);
    socket.send(Buffer.concat([cut, text]));
    const events = await waitFor(() => {
      const seen = server.rfbEvents(vmid).filter((event) => event.type !== 'set-encodings');
      return seen.length >= 4 ? seen : undefined;
    });
    expect(events).toEqual([
      { type: 'key', key: 0x61, down: true, at: expect.any(Number) },
      { type: 'key', key: 0x61, down: false, at: expect.any(Number) },
      { type: 'pointer', x: 10, y: 20, buttons: 1, at: expect.any(Number) },
      { type: 'cut-text', text: 'copied text', at: expect.any(Number) },
    ]);

    // The typed key changes the screen, which answers the waiting incremental request.
    const [typed] = await readUpdate(stream, 10_000);
    expect(typed!.pixels.equals(next!.pixels)).toBe(false);

    // ServerCutText.
    const active = server.consoleSessions().find((entry) => entry.vmid === vmid && entry.rfb);
    expect(active).toMatchObject({ vmid, node: 'pve1', port: Number(opened.port), protocol: 'vnc', active: true });
    active!.rfb!.sendClipboard('from the VM');
    const serverCut = await stream.read(8);
    expect(serverCut[0]).toBe(3);
    expect((await stream.read(serverCut.readUInt32BE(4))).toString('latin1')).toBe('from the VM');

    socket.close();
    expect((await waitForTask(server, 'pve1', opened.upid)).exitstatus).toBe('OK');
    await waitFor(() => server.consoleSessions().every((entry) => entry.vmid !== vmid) || undefined);
  });

  it('uses the ticket as the password without generate-password (first 8 characters)', async () => {
    const opened = await vncproxy(server, 'pve1', vmid, false);
    expect(opened.password).toBeUndefined();
    const { socket, stream } = await connect(server, websocketPath('pve1', vmid, opened));
    expect(await authenticate(socket, stream, opened.ticket)).toEqual({ result: 0 });
    expect((await serverInit(socket, stream)).name).toBe(vmName);
    socket.close();
  });

  it('refuses a wrong password with SecurityResult failed and a reason, then closes', async () => {
    const opened = await vncproxy(server, 'pve1', vmid);
    const { socket, stream } = await connect(server, websocketPath('pve1', vmid, opened));
    const wrong = `${opened.password!.startsWith('x') ? 'y' : 'x'}${opened.password!.slice(1)}`;
    expect(await authenticate(socket, stream, wrong)).toEqual({ result: 1, reason: 'Authentication failed' });
    expect((await stream.rest()).length).toBe(0);
    expect(stream.closed).toBe(true);
  });

  it('accepts one connection per ticket: a replay is refused', async () => {
    const opened = await vncproxy(server, 'pve1', vmid);
    const path = websocketPath('pve1', vmid, opened);
    const { socket } = await connect(server, path);
    expect(await openConsoleSocket(server, path)).toEqual({ status: 500, message: `connect to 'localhost:${opened.port}' failed: Connection refused` });
    socket.close();
    await waitForTask(server, 'pve1', opened.upid);
    expect((await openConsoleSocket(server, path)).status).toBe(500);
  });

  it('refuses another port than the ticket’s and another node than the one that answered vncproxy', async () => {
    const opened = await vncproxy(server, 'pve1', vmid);
    const otherPort = String(Number(opened.port) + 1);
    expect(await openConsoleSocket(server, websocketPath('pve1', vmid, opened, otherPort))).toEqual({ status: 500, message: `connect to 'localhost:${otherPort}' failed: Connection refused` });
    expect(await openConsoleSocket(server, websocketPath('pve2', vmid, opened))).toEqual({ status: 500, message: `Configuration file 'nodes/pve2/qemu-server/${vmid}.conf' does not exist` });
    // Neither attempt used the worker's one connection.
    const { socket, stream } = await connect(server, websocketPath('pve1', vmid, opened));
    expect(await authenticate(socket, stream, opened.password!)).toEqual({ result: 0 });
    socket.close();
  });

  it('refuses the WebSocket after the worker’s accept window (10 s on PVE, shortened here)', async () => {
    const quick = await startProxmoxServer({ name: 'rfb-quick', guestsPerNode: 4, seed: 5, consoleAcceptTimeoutMs: 150 });
    try {
      const vm = [...quick.cluster.guests.values()].find((guest) => guest.type === 'qemu')!;
      quick.setGuestState(vm.vmid, 'running');
      const opened = await vncproxy(quick, 'pve1', vm.vmid);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await openConsoleSocket(quick, websocketPath('pve1', vm.vmid, opened))).toEqual({ status: 500, message: `connect to 'localhost:${opened.port}' failed: Connection refused` });
      expect((await waitForTask(quick, 'pve1', opened.upid)).exitstatus).toBe('connection timed out');
    } finally {
      await quick.close();
    }
  });
});
