import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { connect } from 'node:tls';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { api, peerFingerprint } from './sim-client.test-util.js';

// Certificates and fault injection, observed from the client side of the socket.

let server: ProxmoxServer;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'faults', host: '127.0.0.3', nodes: 2, guestsPerNode: 2 });
});
afterAll(() => server.close());

describe('certificates', () => {
  it('presents the entry node certificate, whose fingerprint matches fingerprintOf and /nodes', async () => {
    const seen = await peerFingerprint(server.host, server.port);
    expect(seen).toBe(server.fingerprintOf('pve1'));
    const nodes = (await api(server, 'GET', '/nodes')).json.data;
    expect(nodes[0].ssl_fingerprint).toBe(seen);
  });

  it('verifies against the cluster CA for clients that check the chain', async () => {
    const verified = await new Promise<boolean>((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port, ca: server.caPem, servername: 'localhost' }, () => {
        resolve(socket.authorized);
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(verified).toBe(true);
  });

  it('changes the fingerprint when a certificate is rotated', async () => {
    const before = server.fingerprintOf('pve1');
    const after = await server.rotateCertificate('pve1');
    expect(after).not.toBe(before);
    expect(await peerFingerprint(server.host, server.port)).toBe(after);
    const nodes = (await api(server, 'GET', '/nodes')).json.data;
    expect(nodes[0].ssl_fingerprint).toBe(after);
  });
});

describe('fault knobs', () => {
  it('hangs requests until a client times out, and recovers after unhang', async () => {
    server.hang('response');
    await expect(api(server, 'GET', '/version', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    server.unhang();
    expect((await api(server, 'GET', '/version')).status).toBe(200);
  });

  it('can hang the TLS handshake itself', async () => {
    server.hang('tls');
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: server.host, port: server.port, rejectUnauthorized: false }, () => resolve('handshake completed'));
      socket.setTimeout(300, () => {
        socket.destroy();
        resolve('timed out');
      });
      socket.on('error', () => resolve('error'));
    });
    expect(outcome).toBe('timed out');
    server.unhang();
  });

  it('refuses connections while stopped and serves again after startListening', async () => {
    await server.stopListening();
    await expect(api(server, 'GET', '/version')).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await server.startListening();
    expect((await api(server, 'GET', '/version')).status).toBe(200);
  });

  it('fails the next N requests with the chosen status', async () => {
    server.failRequests({ status: 596, count: 2, path: /^\/cluster\/resources/ });
    const first = await api(server, 'GET', '/cluster/resources');
    const second = await api(server, 'GET', '/cluster/resources');
    const third = await api(server, 'GET', '/cluster/resources');
    expect([first.status, first.statusText, first.text]).toEqual([596, 'Connection timed out', '']);
    expect(second.status).toBe(596);
    expect(third.status).toBe(200);
    server.failRequests({ status: 503, count: 1 });
    const unavailable = await api(server, 'GET', '/version');
    expect([unavailable.status, unavailable.headers.get('content-type')]).toEqual([503, 'text/html']);
  });

  it('adds latency', async () => {
    server.setLatency({ fixedMs: 150 });
    const started = Date.now();
    await api(server, 'GET', '/version');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    server.setLatency({});
  });

  it('answers 595 for a node that is offline, and shows it offline', async () => {
    server.setNodeOnline('pve2', false);
    const res = await api(server, 'GET', '/nodes/pve2/qemu');
    expect([res.status, res.statusText]).toEqual([595, 'No route to host']);
    const nodes = (await api(server, 'GET', '/nodes')).json.data;
    expect(nodes[1]).toMatchObject({ node: 'pve2', status: 'offline' });
    server.setNodeOnline('pve2', true);
  });

  it('adds a node with its own certificate and guests', async () => {
    const name = await server.addNode({ guests: 3 });
    expect(name).toBe('pve3');
    const nodes = (await api(server, 'GET', '/nodes')).json.data;
    expect(nodes.map((node: { node: string }) => node.node)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(nodes[2].ssl_fingerprint).toBe(server.fingerprintOf('pve3'));
    expect((await api(server, 'GET', '/nodes/pve3/qemu')).json.data.length + (await api(server, 'GET', '/nodes/pve3/lxc')).json.data.length).toBe(3);
  });
});
