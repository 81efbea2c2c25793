import { describe, expect, it } from '@jest/globals';
import { NexusError } from '@pve-nexus/contracts';
import { ProxmoxError } from '@pve-nexus/proxmox-client';
import { proxmoxRefusal } from './proxmox-refusal.util.js';
import { taskView } from './task-tracker.service.js';

const refused = (status: number, text: string) =>
  proxmoxRefusal(new ProxmoxError('http-error', `POST /nodes/pve1/qemu/100/status/reboot: HTTP ${status} ${text}`, null, status)) as NexusError;

describe('proxmoxRefusal', () => {
  it("keeps Proxmox's own reason for a refused transition", () => {
    expect(refused(500, 'VM 100 not running')).toMatchObject({ code: 'CONFLICT', message: 'Proxmox refused: VM 100 not running' });
    expect(refused(500, 'CT 100 already running')).toMatchObject({ code: 'CONFLICT' });
  });

  it('tells a missing guest or task from a conflict', () => {
    expect(refused(500, "Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist")).toMatchObject({ code: 'NOT_FOUND' });
    expect(refused(500, "unable to find configuration file for VM 100 on node 'pve2'")).toMatchObject({ code: 'NOT_FOUND' });
    expect(refused(500, 'unable to find free port (5900-5999)')).toMatchObject({ code: 'UNAVAILABLE' });
    expect(refused(400, 'Parameter verification failed.')).toMatchObject({ code: 'VALIDATION' });
    expect(refused(595, 'Connection refused')).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
  });

  it('maps other Proxmox failures by reason and leaves other errors alone', () => {
    expect(proxmoxRefusal(new ProxmoxError('timeout', 'no answer'))).toMatchObject({ code: 'TIMEOUT' });
    expect(proxmoxRefusal(new ProxmoxError('unauthorized', '401', null, 401))).toMatchObject({ code: 'UPSTREAM_AUTH' });
    const other = new Error('x');
    expect(proxmoxRefusal(other)).toBe(other);
  });
});

describe('taskView', () => {
  const base = { upid: 'UPID:pve1:0000A1B2:0001C3D4:65F0A1B2:qmstop:100:root@pam:', node: 'pve1', type: 'qmstop' };
  it('says running, or stopped with whether it succeeded', () => {
    expect(taskView({ ...base, status: 'running' })).toEqual({ upid: base.upid, status: 'running' });
    expect(taskView({ ...base, status: 'stopped', exitstatus: 'OK' })).toMatchObject({ ok: true, exitStatus: 'OK' });
    expect(taskView({ ...base, status: 'stopped', exitstatus: 'WARNINGS: 2' })).toMatchObject({ ok: true });
    expect(taskView({ ...base, status: 'stopped', exitstatus: 'VM 100 already running' })).toMatchObject({ ok: false, exitStatus: 'VM 100 already running' });
  });
});
