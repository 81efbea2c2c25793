import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import WebSocket from 'ws';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { api, tokenHeader, waitForTask } from './sim-client.test-util.js';

// vncproxy / termproxy tickets and the vncwebsocket extension point.

let server: ProxmoxServer;
let vmid: number;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'console', guestsPerNode: 6, seed: 11 });
  vmid = [...server.cluster.guests.values()].find((guest) => guest.type === 'qemu')!.vmid;
  server.setGuestState(vmid, 'running');
});
afterAll(() => server.close());

function openSocket(path: string): Promise<{ socket?: WebSocket; status?: number; message?: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`wss://${server.host}:${server.port}/api2/json${path}`, ['binary'], {
      headers: { authorization: tokenHeader(server.tokens.full) },
      rejectUnauthorized: false,
    });
    socket.on('open', () => resolve({ socket }));
    socket.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode, message: res.statusMessage }));
    socket.on('error', (error) => resolve({ message: error.message }));
  });
}

describe('console tickets', () => {
  it('answers vncproxy with a PVEVNC ticket, a port in 5900-5999, the CA and a generated password', async () => {
    const res = await api(server, 'POST', `/nodes/pve1/qemu/${vmid}/vncproxy`, { form: { websocket: 1, 'generate-password': 1 } });
    expect(res.json.data).toEqual({
      user: 'root@pam!pve-nexus',
      ticket: expect.stringMatching(/^PVEVNC:[0-9A-F]{8}::[A-Za-z0-9+/=]+$/),
      port: expect.stringMatching(/^59\d\d$/),
      upid: expect.stringMatching(/^UPID:pve1:.*:vncproxy:\d+:root@pam!pve-nexus:$/),
      cert: server.caPem,
      password: expect.stringMatching(/^[!-`]{8}$/),
    });
  });

  it('answers a plain GET vncwebsocket with the port, and rejects a bad ticket like PVE', async () => {
    const { ticket, port } = (await api(server, 'POST', `/nodes/pve1/qemu/${vmid}/vncproxy`, { form: { websocket: 1 } })).json.data;
    const plain = await api(server, 'GET', `/nodes/pve1/qemu/${vmid}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(ticket)}`);
    expect(plain.json).toEqual({ data: { port } });
    const forged = await api(server, 'GET', `/nodes/pve1/qemu/${vmid}/vncwebsocket?port=${port}&vncticket=PVEVNC:00000000::AAAA`);
    expect([forged.status, forged.statusText]).toEqual([500, 'permission denied - invalid PVEVNC ticket']);
  });

  it('refuses the upgrade while no console handler is installed', async () => {
    server.setConsoleHandler(null); // the built-in RFB / termproxy servers accept by default
    const { ticket, port } = (await api(server, 'POST', `/nodes/pve1/qemu/${vmid}/vncproxy`, { form: { websocket: 1 } })).json.data;
    const result = await openSocket(`/nodes/pve1/qemu/${vmid}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(ticket)}`);
    expect(result).toEqual({ status: 500, message: `connect to 'localhost:${port}' failed: Connection refused` });
  });

  it('hands the upgraded socket to the installed handler, once per ticket', async () => {
    const seen: unknown[] = [];
    server.setConsoleHandler((socket, connection) => {
      seen.push({ vmid: connection.vmid, node: connection.node, protocol: connection.protocol });
      socket.on('message', (data) => socket.send(data));
    });
    try {
      const { ticket, port, upid } = (await api(server, 'POST', `/nodes/pve1/qemu/${vmid}/vncproxy`, { form: { websocket: 1 } })).json.data;
      const path = `/nodes/pve1/qemu/${vmid}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(ticket)}`;
      const { socket } = await openSocket(path);
      expect(socket).toBeDefined();
      const echoed = await new Promise<string>((resolve) => {
        socket!.once('message', (data) => resolve(data.toString()));
        socket!.send(Buffer.from('RFB 003.008\n'));
      });
      expect(echoed).toBe('RFB 003.008\n');
      expect(seen).toEqual([{ vmid, node: 'pve1', protocol: 'vnc' }]);

      const again = await openSocket(path);
      expect(again.status).toBe(500); // the worker accepts one connection only

      socket!.close();
      expect((await waitForTask(server, 'pve1', upid)).exitstatus).toBe('OK');
    } finally {
      server.setConsoleHandler(undefined);
    }
  });

  it('ends the worker with "connection timed out" when no WebSocket comes in time', async () => {
    const quick = await startProxmoxServer({ name: 'quick', guestsPerNode: 4, seed: 11, consoleAcceptTimeoutMs: 100 });
    quick.setConsoleHandler((socket) => socket.close());
    try {
      const guest = [...quick.cluster.guests.values()][0]!;
      const { upid } = (await api(quick, 'POST', `/nodes/pve1/${guest.type}/${guest.vmid}/vncproxy`, { form: { websocket: 1 } })).json.data;
      expect((await waitForTask(quick, 'pve1', upid)).exitstatus).toBe('connection timed out');
    } finally {
      await quick.close();
    }
  });

  it('opens termproxy for guests but not a node shell with an API token', async () => {
    const ct = [...server.cluster.guests.values()].find((guest) => guest.type === 'lxc');
    const vmTerm = await api(server, 'POST', `/nodes/pve1/qemu/${vmid}/termproxy`);
    expect(vmTerm.json.data).toEqual({ user: 'root@pam!pve-nexus', ticket: expect.stringMatching(/^PVEVNC:/), port: expect.any(String), upid: expect.stringContaining(':vncproxy:') });
    if (ct) expect((await api(server, 'POST', `/nodes/pve1/lxc/${ct.vmid}/termproxy`)).status).toBe(200);
    const shell = await api(server, 'POST', '/nodes/pve1/termproxy');
    expect([shell.status, shell.statusText]).toEqual([500, "value 'root@pam!pve-nexus' does not look like a valid user name"]);
    const readOnly = await api(server, 'POST', '/nodes/pve1/termproxy', { token: server.tokens.readOnly });
    expect([readOnly.status, readOnly.statusText]).toEqual([403, 'Permission check failed (/nodes/pve1, Sys.Console)']);
  });
});
