import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { api, tokenHeader } from './sim-client.test-util.js';

// The wire format of the endpoints a client reads: envelope, shapes, authentication and errors.

let server: ProxmoxServer;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'shapes', nodes: 2, guestsPerNode: 6, seed: 7 });
});
afterAll(() => server.close());

const firstGuest = (type: 'qemu' | 'lxc', node = 'pve1') => [...server.cluster.guests.values()].find((g) => g.type === type && g.node === node)!;

describe('envelope and read endpoints', () => {
  it('answers GET /version in the {"data": ...} envelope with PVE headers', async () => {
    const res = await api(server, 'GET', '/version');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('server')).toBe('pve-api-daemon/3.0');
    expect(res.json).toEqual({ data: { version: '8.4.1', release: '8.4', repoid: expect.stringMatching(/^[0-9a-f]{16}$/) } });
  });

  it('lists the cluster and its nodes in /cluster/status', async () => {
    const { json } = await api(server, 'GET', '/cluster/status');
    expect(json.data[0]).toEqual({ type: 'cluster', id: 'cluster', name: 'shapes', nodes: 2, version: expect.any(Number), quorate: 1 });
    expect(json.data.slice(1)).toEqual([
      { type: 'node', id: 'node/pve1', name: 'pve1', nodeid: 1, ip: '127.0.0.1', local: 1, online: 1, level: '' },
      { type: 'node', id: 'node/pve2', name: 'pve2', nodeid: 2, ip: expect.stringMatching(/^127\./), local: 0, online: 1, level: '' },
    ]);
  });

  it('renders guests, nodes and storages in /cluster/resources, filtered by type', async () => {
    const all = (await api(server, 'GET', '/cluster/resources')).json.data;
    const vms = (await api(server, 'GET', '/cluster/resources?type=vm')).json.data;
    const nodes = (await api(server, 'GET', '/cluster/resources?type=node')).json.data;
    expect(vms).toHaveLength(12);
    expect(all.filter((entry: { type: string }) => entry.type === 'storage')).toHaveLength(4);
    const running = vms.find((entry: { status: string; type: string }) => entry.status === 'running' && entry.type === 'qemu');
    expect(running).toEqual({
      id: `qemu/${running.vmid}`,
      vmid: expect.any(Number),
      node: expect.stringMatching(/^pve[12]$/),
      type: 'qemu',
      status: 'running',
      uptime: expect.any(Number),
      name: expect.any(String),
      template: 0,
      maxcpu: expect.any(Number),
      cpu: expect.any(Number),
      maxmem: expect.any(Number),
      mem: expect.any(Number),
      maxdisk: expect.any(Number),
      disk: 0,
      netin: expect.any(Number),
      netout: expect.any(Number),
      diskread: expect.any(Number),
      diskwrite: expect.any(Number),
      ...(running.tags ? { tags: expect.stringMatching(/^[a-z-]+(;[a-z-]+)*$/) } : {}),
    });
    expect(nodes[0]).toEqual({
      id: 'node/pve1',
      node: 'pve1',
      type: 'node',
      status: 'online',
      uptime: expect.any(Number),
      cpu: expect.any(Number),
      mem: expect.any(Number),
      disk: expect.any(Number),
      level: '',
      maxcpu: expect.any(Number),
      maxmem: expect.any(Number),
      maxdisk: expect.any(Number),
      'cgroup-mode': 2,
    });
  });

  it('reports a paused VM as paused in /cluster/resources but running in the node list', async () => {
    const vm = firstGuest('qemu');
    server.setGuestState(vm.vmid, 'paused');
    const resources = (await api(server, 'GET', '/cluster/resources?type=vm')).json.data;
    expect(resources.find((entry: { vmid: number }) => entry.vmid === vm.vmid).status).toBe('paused');
    const list = (await api(server, 'GET', '/nodes/pve1/qemu')).json.data;
    expect(list.find((entry: { vmid: number }) => entry.vmid === vm.vmid).status).toBe('running');
    const current = (await api(server, 'GET', `/nodes/pve1/qemu/${vm.vmid}/status/current`)).json.data;
    expect(current).toMatchObject({ vmid: vm.vmid, status: 'running', qmpstatus: 'paused', ha: { managed: 0 } });
    server.setGuestState(vm.vmid, 'stopped');
  });

  it('lists nodes with their ssl_fingerprint', async () => {
    const { json } = await api(server, 'GET', '/nodes');
    expect(json.data.map((node: { node: string; ssl_fingerprint: string }) => [node.node, node.ssl_fingerprint])).toEqual([
      ['pve1', server.fingerprintOf('pve1')],
      ['pve2', server.fingerprintOf('pve2')],
    ]);
    expect(server.fingerprintOf('pve1')).not.toBe(server.fingerprintOf('pve2'));
  });

  it('answers node status and certificate info', async () => {
    const status = (await api(server, 'GET', '/nodes/pve2/status')).json.data;
    expect(status).toMatchObject({ uptime: expect.any(Number), cpu: expect.any(Number), memory: { total: expect.any(Number), used: expect.any(Number), free: expect.any(Number) }, pveversion: expect.stringMatching(/^pve-manager\/8\.4\.1\//) });
    expect(status.loadavg).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    const certs = (await api(server, 'GET', '/nodes/pve2/certificates/info')).json.data;
    expect(certs.map((cert: { filename: string }) => cert.filename)).toEqual(['pve-root-ca.pem', 'pve-ssl.pem']);
    expect(certs[1]).toMatchObject({ fingerprint: server.fingerprintOf('pve2'), subject: expect.stringContaining('/CN=pve2.'), san: expect.arrayContaining(['pve2']), pem: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  it("answers a node's directory, its network interfaces and its storages", async () => {
    const directory = (await api(server, 'GET', '/nodes/pve1')).json.data;
    expect(directory).toEqual(expect.arrayContaining([{ name: 'qemu' }, { name: 'lxc' }, { name: 'storage' }, { name: 'network' }, { name: 'status' }]));
    const network = (await api(server, 'GET', '/nodes/pve1/network')).json.data;
    expect(network.map((entry: { iface: string }) => entry.iface)).toEqual(['eno1', 'vmbr0']);
    expect(network[1]).toMatchObject({ type: 'bridge', bridge_ports: 'eno1', cidr: expect.stringMatching(/\/24$/), active: 1 });
    expect((await api(server, 'GET', '/nodes/pve1/network?type=bridge')).json.data).toHaveLength(1);
    const storage = (await api(server, 'GET', '/nodes/pve2/storage')).json.data;
    expect(storage.map((entry: { storage: string }) => entry.storage)).toEqual(['local', 'local-lvm']);
    expect(storage[0]).toMatchObject({ type: 'dir', active: 1, enabled: 1, total: expect.any(Number), used: expect.any(Number), avail: expect.any(Number) });
    expect(storage[0].total).toBe(storage[0].used + storage[0].avail);
    expect((await api(server, 'GET', '/nodes/pve2/storage?content=images')).json.data.map((entry: { storage: string }) => entry.storage)).toEqual(['local-lvm']);
  });

  it('lists VMs and containers per node and returns their status and config', async () => {
    const vm = firstGuest('qemu');
    const ct = firstGuest('lxc', vm.node) ?? firstGuest('lxc', 'pve2');
    const qemu = (await api(server, 'GET', '/nodes/pve1/qemu')).json.data;
    expect(qemu.every((entry: { vmid: number }) => server.guest(entry.vmid)?.type === 'qemu')).toBe(true);
    const lxc = (await api(server, 'GET', `/nodes/${ct.node}/lxc`)).json.data;
    expect(lxc[0]).toMatchObject({ vmid: expect.any(Number), type: 'lxc', status: expect.stringMatching(/^(running|stopped)$/), maxswap: expect.any(Number) });
    const config = (await api(server, 'GET', `/nodes/pve1/qemu/${vm.vmid}/config`)).json.data;
    expect(config).toMatchObject({ name: vm.name, cores: vm.cores, memory: String(vm.memoryMiB), digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });
});

describe('authentication and permissions', () => {
  it('answers 401 "No ticket" without credentials: reason in the status line, empty body', async () => {
    const res = await api(server, 'GET', '/cluster/resources', { token: null });
    expect([res.status, res.statusText, res.text]).toEqual([401, 'No ticket', '']);
    expect(res.headers.get('connection')).toBe('close');
  });

  it('answers 401 "invalid token value!" for a wrong secret', async () => {
    const res = await api(server, 'GET', '/version', { authorization: `PVEAPIToken=${server.tokens.full.tokenId}=wrong-secret-for-the-test` });
    expect([res.status, res.statusText]).toEqual([401, 'invalid token value!']);
  });

  it('accepts the "PVEAPIToken <id>=<secret>" spelling and URI-escaped values', async () => {
    const { tokenId, secret } = server.tokens.full;
    expect((await api(server, 'GET', '/version', { authorization: `PVEAPIToken ${tokenId}=${secret}` })).status).toBe(200);
    expect((await api(server, 'GET', '/version', { authorization: `PVEAPIToken=${encodeURIComponent(tokenId)}=${secret}` })).status).toBe(200);
  });

  it('names malformed and unknown tokens like PVE::AccessControl::verify_token', async () => {
    const reason = async (authorization: string) => (await api(server, 'GET', '/version', { authorization })).statusText;
    expect(await reason('PVEAPIToken=root@pam!pve-nexus')).toBe('no tokenid specified');
    // The Proxmox Backup Server spelling (id:secret) is not PVE's.
    expect(await reason(`PVEAPIToken=root@pam!pve-nexus:${server.tokens.full.secret}`)).toBe('no tokenid specified');
    expect(await reason('PVEAPIToken=root@pam=abc')).toBe("'root@pam' is not a valid token ID - not able to split into user and token parts");
    expect(await reason('PVEAPIToken=nobody@pve!ci=abc')).toBe("no such user ('nobody@pve')");
    expect(await reason('PVEAPIToken=root@pam!other=abc')).toBe("no such token 'other' for user 'root@pam'");
  });

  it('answers 401 for a revoked token', async () => {
    const token = server.createToken({ tokenId: 'root@pam!short-lived' });
    expect((await api(server, 'GET', '/version', { token })).status).toBe(200);
    server.revokeToken(token.tokenId);
    const res = await api(server, 'GET', '/version', { token });
    expect([res.status, res.statusText]).toEqual([401, "no such token 'short-lived' for user 'root@pam'"]);
  });

  it('lets a read-only token read but answers 403 on power actions and consoles', async () => {
    const vm = firstGuest('qemu');
    const readOnly = { token: server.tokens.readOnly };
    expect((await api(server, 'GET', '/cluster/resources', readOnly)).status).toBe(200);
    expect((await api(server, 'GET', `/nodes/pve1/qemu/${vm.vmid}/status/current`, readOnly)).status).toBe(200);
    const start = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/start`, readOnly);
    expect([start.status, start.statusText, start.json]).toEqual([403, `Permission check failed (/vms/${vm.vmid}, VM.PowerMgmt)`, { data: null }]);
    const vnc = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/vncproxy`, readOnly);
    expect([vnc.status, vnc.statusText]).toEqual([403, `Permission check failed (/vms/${vm.vmid}, VM.Console)`]);
  });
});

describe('errors', () => {
  it('answers 400 with per-parameter errors, from form and JSON bodies alike', async () => {
    const vm = firstGuest('qemu');
    const form = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/shutdown`, { form: { timeout: 'soon', bogus: 1 } });
    expect([form.status, form.statusText]).toEqual([400, 'Parameter verification failed.']);
    expect(form.json).toEqual({
      data: null,
      errors: { bogus: 'property is not defined in schema and the schema does not allow additional properties', timeout: "type check ('integer') failed - got 'soon'" },
    });
    const json = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/shutdown`, { json: { forceStop: 'maybe' } });
    expect(json.json.errors).toEqual({ forceStop: "type check ('boolean') failed - got 'maybe'" });
    const vmid = await api(server, 'GET', '/nodes/pve1/qemu/42/status/current');
    expect(vmid.json.errors).toEqual({ vmid: 'invalid format - value does not look like a valid VM ID\n' });
    const type = await api(server, 'GET', '/cluster/resources?type=pool');
    expect(type.json.errors).toEqual({ type: "value 'pool' does not have a value in the enumeration 'vm, storage, node, sdn'" });
  });

  it("answers 501 for paths and methods PVE doesn't implement", async () => {
    const res = await api(server, 'GET', '/nodes/pve1/qemu/100/status/start');
    expect([res.status, res.statusText, res.json]).toEqual([501, "Method 'GET /nodes/pve1/qemu/100/status/start' not implemented", { data: null }]);
    expect((await api(server, 'POST', '/nodes/pve1/lxc/100/status/reset')).status).toBe(501);
  });

  it('answers 500 for a guest on another node and for an unknown node', async () => {
    const vm = firstGuest('qemu', 'pve1');
    const other = await api(server, 'GET', `/nodes/pve2/qemu/${vm.vmid}/status/current`);
    expect([other.status, other.statusText]).toEqual([500, `Configuration file 'nodes/pve2/qemu-server/${vm.vmid}.conf' does not exist`]);
    const unknown = await api(server, 'GET', '/nodes/pve9/qemu');
    expect([unknown.status, unknown.statusText]).toEqual([500, "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known"]);
  });

  it('also puts the message in the body with errorStyle status-line-and-body', async () => {
    const modern = await startProxmoxServer({ name: 'modern', errorStyle: 'status-line-and-body' });
    try {
      const res = await api(modern, 'GET', '/nodes/pve1/qemu/99999/status/current');
      expect(res.json).toEqual({ data: null, message: "Configuration file 'nodes/pve1/qemu-server/99999.conf' does not exist\n" });
      const unauthorized = await api(modern, 'GET', '/version', { token: null });
      expect([unauthorized.status, unauthorized.text]).toEqual([401, 'No ticket\n']);
    } finally {
      await modern.close();
    }
  });

  it('gzips large bodies for clients that accept it', async () => {
    const res = await api(server, 'GET', '/cluster/resources');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.json.data.length).toBeGreaterThan(10);
  });

  it('sends the token header untouched through tokenHeader()', () => {
    expect(tokenHeader({ tokenId: 'a@pve!b', secret: 's' })).toBe('PVEAPIToken=a@pve!b=s');
  });
});
