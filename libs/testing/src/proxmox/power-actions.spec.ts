import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startProxmoxServer, type ProxmoxServer } from './proxmox-server.js';
import { decodeUpid } from './upid.util.js';
import { api, waitForTask } from './sim-client.test-util.js';

// Power actions end to end, as a client drives them: POST -> UPID -> poll the task -> read the guest.

let server: ProxmoxServer;

beforeAll(async () => {
  server = await startProxmoxServer({ name: 'power', nodes: 2, guestsPerNode: 8, seed: 3, taskDurationMs: 150 });
});
afterAll(() => server.close());

const guestOf = (type: 'qemu' | 'lxc', node = 'pve1') => [...server.cluster.guests.values()].find((g) => g.type === type && g.node === node)!;

describe('QEMU power actions', () => {
  it('starts a VM: UPID, task running, task stopped/OK, VM running', async () => {
    const vm = guestOf('qemu');
    server.setGuestState(vm.vmid, 'stopped');
    const res = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/start`);
    expect(res.status).toBe(200);
    const upid: string = res.json.data;
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmstart:\d+:root@pam!pve-nexus:$/);
    expect(decodeUpid(upid)).toMatchObject({ node: 'pve1', type: 'qmstart', id: String(vm.vmid), user: 'root@pam!pve-nexus' });

    const running = (await api(server, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).json.data;
    expect(running).toEqual({
      node: 'pve1',
      pid: expect.any(Number),
      pstart: expect.any(Number),
      starttime: expect.any(Number),
      type: 'qmstart',
      id: String(vm.vmid),
      user: 'root@pam',
      tokenid: 'pve-nexus',
      status: 'running',
      upid,
    });

    const done = await waitForTask(server, 'pve1', upid);
    expect(done).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    const current = (await api(server, 'GET', `/nodes/pve1/qemu/${vm.vmid}/status/current`)).json.data;
    expect(current).toMatchObject({ status: 'running', qmpstatus: 'running', pid: expect.any(Number) });
    const log = (await api(server, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`)).json;
    expect(log).toEqual({ data: [{ n: 1, t: 'TASK OK' }], total: 1 });
  });

  it('fails the task, not the request, when starting a running VM', async () => {
    const vm = guestOf('qemu');
    server.setGuestState(vm.vmid, 'running');
    const res = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/start`);
    expect(res.status).toBe(200);
    const done = await waitForTask(server, 'pve1', res.json.data);
    expect(done.exitstatus).toBe(`VM ${vm.vmid} already running`);
    const log = (await api(server, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(res.json.data)}/log`)).json.data;
    expect(log).toEqual([{ n: 1, t: `TASK ERROR: VM ${vm.vmid} already running` }]);
  });

  it('refuses synchronously what qemu-server checks before forking', async () => {
    const vm = guestOf('qemu');
    server.setGuestState(vm.vmid, 'stopped');
    for (const action of ['reboot', 'reset', 'suspend', 'resume']) {
      const res = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/${action}`);
      expect([action, res.status, res.statusText]).toEqual([action, 500, `VM ${vm.vmid} not running`]);
    }
    server.setGuestState(vm.vmid, 'paused');
    const shutdown = await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/shutdown`);
    expect([shutdown.status, shutdown.statusText]).toEqual([500, 'VM is paused - cannot shutdown']);
  });

  it('suspends (qmpause) and resumes a VM', async () => {
    const vm = guestOf('qemu');
    server.setGuestState(vm.vmid, 'running');
    const suspend = (await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/suspend`)).json.data;
    expect(decodeUpid(suspend)?.type).toBe('qmpause');
    await waitForTask(server, 'pve1', suspend);
    expect(server.guest(vm.vmid)?.state).toBe('paused');
    const resume = (await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/resume`)).json.data;
    expect((await waitForTask(server, 'pve1', resume)).exitstatus).toBe('OK');
    expect(server.guest(vm.vmid)?.state).toBe('running');
  });

  it('stops a VM addressed through the wrong node with a failing task', async () => {
    const vm = guestOf('qemu', 'pve1');
    const res = await api(server, 'POST', `/nodes/pve2/qemu/${vm.vmid}/status/stop`);
    expect((await waitForTask(server, 'pve2', res.json.data)).exitstatus).toBe(`unable to find configuration file for VM ${vm.vmid} on node 'pve2'`);
  });

  it('fails tasks on demand and lists finished tasks', async () => {
    const vm = guestOf('qemu');
    server.setGuestState(vm.vmid, 'running');
    server.failTasks({ type: 'qmshutdown', message: 'VM quit/powerdown failed - got timeout' });
    const upid = (await api(server, 'POST', `/nodes/pve1/qemu/${vm.vmid}/status/shutdown`, { form: { timeout: 30 } })).json.data;
    expect((await waitForTask(server, 'pve1', upid)).exitstatus).toBe('VM quit/powerdown failed - got timeout');
    expect(server.guest(vm.vmid)?.state).toBe('running');
    const list = await api(server, 'GET', `/nodes/pve1/tasks?vmid=${vm.vmid}&limit=2`);
    expect(list.json.data[0]).toMatchObject({ upid, status: 'VM quit/powerdown failed - got timeout', endtime: expect.any(Number), user: 'root@pam', tokenid: 'pve-nexus' });
    expect(list.json.data).toHaveLength(2);
    expect(list.json.total).toBeGreaterThan(2);
  });

  it('answers 400 for an unknown or foreign UPID', async () => {
    const bad = await api(server, 'GET', '/nodes/pve1/tasks/nonsense/status');
    expect(bad.json).toEqual({ data: null, errors: { upid: 'unable to parse worker upid' } });
    const missing = await api(server, 'GET', `/nodes/pve1/tasks/${encodeURIComponent('UPID:pve1:00000001:00000001:00000001:qmstart:100:root@pam:')}/status`);
    expect(missing.json.errors).toEqual({ upid: 'no such task' });
  });
});

describe('LXC power actions', () => {
  it('refuses to start a running container with 500 "CT <id> already running"', async () => {
    const ct = guestOf('lxc') ?? guestOf('lxc', 'pve2');
    server.setGuestState(ct.vmid, 'running');
    const res = await api(server, 'POST', `/nodes/${ct.node}/lxc/${ct.vmid}/status/start`);
    expect([res.status, res.statusText]).toEqual([500, `CT ${ct.vmid} already running`]);
  });

  it('shuts a container down and starts it again (vzshutdown, vzstart)', async () => {
    const ct = guestOf('lxc') ?? guestOf('lxc', 'pve2');
    server.setGuestState(ct.vmid, 'running');
    const down = (await api(server, 'POST', `/nodes/${ct.node}/lxc/${ct.vmid}/status/shutdown`)).json.data;
    expect(decodeUpid(down)?.type).toBe('vzshutdown');
    expect((await waitForTask(server, ct.node, down)).exitstatus).toBe('OK');
    expect((await api(server, 'GET', `/nodes/${ct.node}/lxc/${ct.vmid}/status/current`)).json.data.status).toBe('stopped');
    const stop = await api(server, 'POST', `/nodes/${ct.node}/lxc/${ct.vmid}/status/stop`);
    expect([stop.status, stop.statusText]).toEqual([500, `CT ${ct.vmid} not running`]);
    const up = (await api(server, 'POST', `/nodes/${ct.node}/lxc/${ct.vmid}/status/start`)).json.data;
    expect((await waitForTask(server, ct.node, up)).exitstatus).toBe('OK');
    expect(server.guest(ct.vmid)?.state).toBe('running');
  });
});
