import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { addMember, closeProxmoxFleet, registerServer, signInSeededAdmin, startProxmoxFleet, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'bulk test passphrase 1';

interface Result {
  serverId: string;
  vmid: number;
  name: string | null;
  currentStatus: string | null;
  outcome: string;
  reason?: string;
  upid?: string;
}

/** A request sent byte for byte (fetch would resolve `..` before sending it). */
function rawGet(baseUrl: string, path: string, token: string): Promise<{ status: number; body: { code?: string; errors?: { path: string; message: string }[] } }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bulk actions over a selection across servers, and the read-only API browser', () => {
  let pves: ProxmoxServer[];
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let manager: string;
  let viewer: string;
  let tenant: string;
  const serverIds: string[] = [];
  let selection: { serverId: string; node: string; vmid: number; type: 'qemu' | 'lxc' }[];
  let runningA: number, runningB: number, stopped: number, container: number, refused: number, remote: number;


  beforeAll(async () => {
    pves = await startProxmoxFleet({ servers: 2, guestsPerNode: 10, nodesPerServer: 1, seed: 11, server: { taskDurationMs: 500 } });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    viewer = await addMember(api, admin, tenantId, 'viewer@example.com', 'viewer', PASSWORD);
    for (const pve of pves) serverIds.push(await registerServer(api, admin, tenantId, pve, { connectTimeoutMs: 2_000 }));

    const guests = [...pves[0]!.cluster.guests.values()].filter((guest) => !guest.template);
    const qemus = guests.filter((guest) => guest.type === 'qemu');
    const lxc = guests.find((guest) => guest.type === 'lxc');
    expect(qemus.length).toBeGreaterThanOrEqual(4);
    expect(lxc).toBeDefined();
    [runningA, runningB, stopped, refused] = qemus.slice(0, 4).map((guest) => guest.vmid) as [number, number, number, number];
    container = lxc!.vmid;
    for (const vmid of [runningA, runningB, refused, container]) pves[0]!.setGuestState(vmid, 'running');
    pves[0]!.setGuestState(stopped, 'stopped');
    remote = [...pves[1]!.cluster.guests.keys()][0]!;
    const on = (pve: ProxmoxServer, serverId: string, vmid: number) => {
      const guest = pve.guest(vmid)!;
      return { serverId, node: guest.node, vmid, type: guest.type };
    };
    selection = [
      on(pves[0]!, serverIds[0]!, runningA),
      on(pves[0]!, serverIds[0]!, runningB),
      on(pves[0]!, serverIds[0]!, stopped),
      on(pves[0]!, serverIds[0]!, container),
      on(pves[0]!, serverIds[0]!, refused),
      on(pves[1]!, serverIds[1]!, remote),
      { serverId: serverIds[0]!, node: pves[0]!.guest(runningA)!.node, vmid: 999_999, type: 'qemu' },
    ];
    // The second server is unreachable for the whole bulk part.
    await pves[1]!.stopListening();
  });

  afterAll(async () => {
    await stack?.close();
    if (pves) await closeProxmoxFleet(pves);
  });

  const bulk = (token: string, body: unknown) => api('POST', `${tenant}/fleet/actions`, { token, body });
  // vmids are unique per cluster only: the remote server may have the same ones.
  const byVmid = (results: Result[], vmid: number, serverId = serverIds[0]!) =>
    results.find((result) => result.vmid === vmid && result.serverId === serverId)!;

  it('dry run: says per guest what would happen, from the current state, across servers', async () => {
    const res = await bulk(manager, { action: 'reset', guests: selection, dryRun: true });
    expect(res.status).toBe(200);
    const results = res.body.results as Result[];
    expect(results.map((result) => result.vmid)).toEqual(selection.map((guest) => guest.vmid));
    expect(byVmid(results, runningA)).toMatchObject({ outcome: 'would-run', currentStatus: 'running', name: pves[0]!.guest(runningA)!.name });
    expect(byVmid(results, runningB)).toMatchObject({ outcome: 'would-run' });
    expect(byVmid(results, stopped)).toMatchObject({ outcome: 'skip', currentStatus: 'stopped', reason: expect.stringContaining('not running') });
    expect(byVmid(results, container)).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('not an action for containers') });
    expect(byVmid(results, remote, serverIds[1]!)).toMatchObject({ outcome: 'invalid', currentStatus: null, reason: expect.stringContaining('unreachable') });
    expect(byVmid(results, 999_999)).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('does not exist') });
    expect(res.body.counts).toEqual({ 'would-run': 3, skip: 1, invalid: 3 });
    // Nothing ran.
    expect(pves[0]!.guest(stopped)!.state).toBe('stopped');
  });

  it('refuses a viewer, duplicates and an empty or oversized selection', async () => {
    expect((await bulk(viewer, { action: 'reset', guests: selection, dryRun: true })).status).toBe(403);
    const dup = await bulk(manager, { action: 'stop', guests: [selection[0], selection[0]], dryRun: true });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].path).toBe('body.guests.1');
    expect((await bulk(manager, { action: 'stop', guests: [], dryRun: true })).status).toBe(400);
    expect((await bulk(manager, { action: 'stop', guests: [selection[0]] })).status).toBe(400);
    const many = Array.from({ length: 501 }, (_, i) => ({ ...selection[0], vmid: 1000 + i }));
    expect((await bulk(manager, { action: 'stop', guests: many, dryRun: true })).status).toBe(400);
  });

  it('execution: starts the valid ones, skips or fails the others, per guest, and the tasks complete', async () => {
    pves[0]!.failRequests({ status: 500, count: 1, message: `VM ${refused} is locked (backup)`, path: new RegExp(`/qemu/${refused}/status/reset$`) });
    const res = await bulk(manager, { action: 'reset', guests: selection, dryRun: false });
    expect(res.status).toBe(200);
    const results = res.body.results as Result[];
    expect(byVmid(results, runningA)).toMatchObject({ outcome: 'started', upid: expect.stringMatching(/^UPID:/) });
    expect(byVmid(results, runningB)).toMatchObject({ outcome: 'started', upid: expect.stringMatching(/^UPID:/) });
    expect(byVmid(results, refused)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`VM ${refused} is locked (backup)`) });
    expect(byVmid(results, stopped)).toMatchObject({ outcome: 'skipped' });
    expect(byVmid(results, container)).toMatchObject({ outcome: 'failed' });
    expect(byVmid(results, remote, serverIds[1]!)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('unreachable') });
    expect(res.body.counts).toEqual({ started: 2, skipped: 1, failed: 4 });

    for (const vmid of [runningA, runningB]) {
      const { node, upid } = { node: pves[0]!.guest(vmid)!.node, upid: byVmid(results, vmid).upid! };
      const url = `${tenant}/servers/${serverIds[0]}/nodes/${node}/tasks/${encodeURIComponent(upid)}`;
      let task = (await api('GET', url, { token: viewer })).body;
      const deadline = Date.now() + 60_000;
      while (task.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        task = (await api('GET', url, { token: viewer })).body;
      }
      expect(task).toEqual({ upid, status: 'stopped', exitStatus: 'OK', ok: true });
    }
  });

  describe('the read-only API browser', () => {
    const browse = (path: string, token = manager) => rawGet(stack.gatewayUrl, `${tenant}/servers/${serverIds[0]}/api/${path}`, token);

    it('answers whitelisted reads for a manager, with the path in the audit log', async () => {
      const version = await browse('version');
      expect(version.status).toBe(200);
      expect(version.body).toMatchObject({ path: '/version', data: { release: expect.any(String) } });
      const resources = await browse('cluster/resources?type=vm');
      expect(resources.status).toBe(200);
      expect(resources.body).toMatchObject({ path: '/cluster/resources?type=vm' });
      expect(((resources.body as { data: unknown[] }).data).length).toBe(pves[0]!.cluster.guests.size);
      const audit = await api('GET', `${tenant}/audit?action=server.api.browse&limit=10`, { token: admin });
      expect(audit.body.entries.map((entry: { details: { path: string } }) => entry.details.path)).toEqual(expect.arrayContaining(['/version', '/cluster/resources?type=vm']));
    });

    it.each(['../access/users', 'nodes/pve1/qemu/100/vncproxy', '%2e%2e/x', 'access/ticket', 'nodes/pve1/subscription', 'cluster/config', 'version?foo=1', 'nodes%2fpve1/status'])(
      'refuses %s with 400 on params.path',
      async (path) => {
        const res = await browse(path);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION');
        expect(res.body.errors?.[0]?.path).toBe('params.path');
      },
    );

    it('refuses a viewer with 403', async () => {
      expect((await browse('version', viewer)).status).toBe(403);
    });
  });
});
