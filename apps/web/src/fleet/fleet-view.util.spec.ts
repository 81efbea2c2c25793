import { describe, expect, it } from '@jest/globals';
import type { GuestView } from '@pve-nexus/contracts';
import { actionsFor, filterGuests, NO_FLEET_FILTERS, sortGuests, visibleWindow } from './fleet-view.util';

const guest = (over: Partial<GuestView>): GuestView => ({
  serverId: '00000000-0000-4000-8000-000000000001',
  serverName: 'a',
  node: 'pve1',
  vmid: 100,
  type: 'qemu',
  name: 'web',
  status: 'running',
  tags: [],
  cpu: 0,
  maxcpu: 1,
  mem: 0,
  maxmem: 1,
  uptime: 0,
  template: false,
  ...over,
});

describe('fleet view', () => {
  const guests = [guest({ vmid: 101, name: 'db-1', tags: ['prod'] }), guest({ vmid: 102, name: 'Web-2', status: 'stopped', node: 'pve2' }), guest({ vmid: 100, name: 'web-1' })];

  it('filters by every field at once; the search matches name or vmid', () => {
    expect(filterGuests(guests, { ...NO_FLEET_FILTERS, search: 'WEB' }).map((g) => g.vmid)).toEqual([102, 100]);
    expect(filterGuests(guests, { ...NO_FLEET_FILTERS, search: '101' }).map((g) => g.vmid)).toEqual([101]);
    expect(filterGuests(guests, { ...NO_FLEET_FILTERS, tag: 'prod' }).map((g) => g.vmid)).toEqual([101]);
    expect(filterGuests(guests, { ...NO_FLEET_FILTERS, status: 'running', node: 'pve1' }).map((g) => g.vmid)).toEqual([101, 100]);
  });

  it('sorts both ways, ties by vmid', () => {
    expect(sortGuests(guests, { key: 'name', direction: 'asc' }).map((g) => g.vmid)).toEqual([101, 100, 102]);
    expect(sortGuests(guests, { key: 'vmid', direction: 'desc' }).map((g) => g.vmid)).toEqual([102, 101, 100]);
    expect(sortGuests(guests, { key: 'status', direction: 'asc' }).map((g) => g.vmid)).toEqual([100, 101, 102]);
  });

  it('offers the actions of the state and type', () => {
    expect(actionsFor({ type: 'lxc', status: 'running', template: false })).toEqual(['shutdown', 'reboot', 'stop']);
    expect(actionsFor({ type: 'qemu', status: 'stopped', template: false })).toEqual(['start']);
    expect(actionsFor({ type: 'qemu', status: 'paused', template: false })).toEqual(['resume', 'stop']);
    expect(actionsFor({ type: 'qemu', status: 'stopped', template: true })).toEqual([]);
  });

  it('renders only the visible window plus overscan', () => {
    expect(visibleWindow(0, 400, 40, 5000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(4000, 400, 40, 5000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleWindow(1e9, 400, 40, 50, 5)).toEqual({ start: 35, end: 50 });
  });
});
