import { describe, expect, it } from '@jest/globals';
import { breadcrumbs, childrenOf, isFetchable, normalizePath } from './api-tree.util';

const labels = (path: string, data?: unknown) => childrenOf(path, data).map((entry) => entry.label);

describe('the API browser tree', () => {
  it('starts at the whitelist\'s top: fetchable paths and folders it only passes through', () => {
    expect(childrenOf('', undefined)).toEqual([
      { path: 'version', label: 'version', fetchable: true },
      { path: 'cluster', label: 'cluster', fetchable: false },
      { path: 'nodes', label: 'nodes', fetchable: true },
    ]);
    expect(labels('cluster')).toEqual(['status', 'resources']);
  });

  it('fills the node and guest slots from Proxmox\'s answer, in numeric order, with what it says about them', () => {
    expect(childrenOf('nodes', [{ node: 'pve2', status: 'online' }, { node: 'pve1', status: 'offline' }])).toEqual([
      { path: 'nodes/pve1', label: 'pve1', fetchable: true, detail: 'offline' },
      { path: 'nodes/pve2', label: 'pve2', fetchable: true, detail: 'online' },
    ]);
    const guests = childrenOf('nodes/pve1/qemu', [{ vmid: 1000, name: 'db', status: 'stopped' }, { vmid: 101, name: 'web', status: 'running' }]);
    expect(guests).toEqual([
      { path: 'nodes/pve1/qemu/101', label: '101', fetchable: false, detail: 'web · running' },
      { path: 'nodes/pve1/qemu/1000', label: '1000', fetchable: false, detail: 'db · stopped' },
    ]);
  });

  it('offers a node\'s whitelisted children only, skipping folders with one child', () => {
    expect(labels('nodes/pve1')).toEqual(['status', 'qemu', 'lxc', 'tasks', 'storage', 'network', 'certificates/info']);
    expect(childrenOf('nodes/pve1/qemu/101', undefined)).toEqual([
      { path: 'nodes/pve1/qemu/101/status/current', label: 'status/current', fetchable: true },
      { path: 'nodes/pve1/qemu/101/config', label: 'config', fetchable: true },
    ]);
    expect(childrenOf('nodes/pve1/qemu/101/config', { cores: 2 })).toEqual([]);
  });

  it('never offers a value the whitelist refuses, whatever Proxmox answered', () => {
    expect(childrenOf('nodes', [{ node: '../access' }, { node: 'bad name' }, { status: 'online' }, 'pve1'])).toEqual([]);
    expect(childrenOf('nodes/pve1/qemu', [{ vmid: 7 }, { vmid: '100/../../access' }])).toEqual([]);
  });

  it('opens only paths the whitelist leads to', () => {
    expect(isFetchable('nodes/pve1/qemu/100/vncproxy')).toBe(false);
    expect(isFetchable('nodes/pve1/status')).toBe(true);
    expect(normalizePath('/nodes/pve1/')).toBe('nodes/pve1');
    expect(normalizePath('nodes/pve1/qemu/100')).toBe('nodes/pve1/qemu/100');
    expect(normalizePath('access/users')).toBe('');
    expect(normalizePath('nodes/../access')).toBe('');
    expect(normalizePath(null)).toBe('');
  });

  it('names every step from the root for the breadcrumbs', () => {
    expect(breadcrumbs('nodes/pve1/status')).toEqual([
      { path: '', label: '/api2/json' },
      { path: 'nodes', label: 'nodes' },
      { path: 'nodes/pve1', label: 'pve1' },
      { path: 'nodes/pve1/status', label: 'status' },
    ]);
  });
});
