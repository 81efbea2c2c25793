import { describe, expect, it } from '@jest/globals';
import type { PveClusterResource } from '@pve-nexus/proxmox-client';
import { planGuest } from './bulk-plan.util.js';

const serverId = '00000000-0000-4000-8000-000000000001';
const resource = (over: Partial<PveClusterResource> = {}): PveClusterResource => ({
  id: 'qemu/100', type: 'qemu', vmid: 100, node: 'pve1', status: 'running', template: false, cpu: 0, maxcpu: 1, mem: 0, maxmem: 1, uptime: 0, ...over,
});
const qemu = { serverId, node: 'pve1', vmid: 100, type: 'qemu' as const };

describe('planGuest', () => {
  it('would run an action that changes something', () => {
    expect(planGuest('stop', qemu, resource())).toEqual({ outcome: 'would-run' });
    expect(planGuest('start', qemu, resource({ status: 'stopped' }))).toEqual({ outcome: 'would-run' });
    expect(planGuest('resume', qemu, resource({ status: 'paused' }))).toEqual({ outcome: 'would-run' });
  });

  it('skips what has nothing to do, saying why', () => {
    expect(planGuest('stop', qemu, resource({ status: 'stopped' }))).toEqual({ outcome: 'skip', reason: 'VM 100 is already stopped' });
    expect(planGuest('start', qemu, resource())).toEqual({ outcome: 'skip', reason: 'VM 100 is already running' });
    expect(planGuest('resume', qemu, resource())).toMatchObject({ outcome: 'skip' });
  });

  it('marks what cannot apply as invalid', () => {
    expect(planGuest('reset', { ...qemu, type: 'lxc' }, resource({ type: 'lxc' }))).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('containers') });
    expect(planGuest('stop', qemu, undefined)).toMatchObject({ outcome: 'invalid', reason: 'VM 100 does not exist on this server' });
    expect(planGuest('stop', qemu, resource({ type: 'lxc' }))).toMatchObject({ outcome: 'invalid' });
    expect(planGuest('stop', qemu, resource({ node: 'pve2' }))).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('pve2') });
    expect(planGuest('start', qemu, resource({ template: true, status: 'stopped' }))).toMatchObject({ outcome: 'invalid', reason: expect.stringContaining('template') });
  });
});
