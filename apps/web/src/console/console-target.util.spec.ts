import { describe, expect, it } from '@jest/globals';
import { consoleHref, parseConsoleTarget } from './console-target.util';

const SERVER = '00000000-0000-4000-8000-00000000000a';

describe('console page addresses', () => {
  it('links a guest to its console page and reads the address back', () => {
    const href = consoleHref('demo', { serverId: SERVER, node: 'pve1', vmid: 101, type: 'lxc' });
    expect(href).toBe(`/t/demo/servers/${SERVER}/nodes/pve1/guests/101/console?type=lxc`);
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '101' }, { type: 'lxc' })).toEqual({ serverId: SERVER, node: 'pve1', vmid: 101, type: 'lxc' });
  });

  it('takes an explicit protocol', () => {
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '101' }, { type: 'lxc', protocol: 'vnc' })?.protocol).toBe('vnc');
  });

  it('refuses an address that names no guest properly', () => {
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '101' }, {})).toBeUndefined();
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '101' }, { type: 'kvm' })).toBeUndefined();
    expect(parseConsoleTarget({ serverId: 'x', node: 'pve1', vmid: '101' }, { type: 'qemu' })).toBeUndefined();
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '12' }, { type: 'qemu' })).toBeUndefined();
    expect(parseConsoleTarget({ serverId: SERVER, node: '../x', vmid: '101' }, { type: 'qemu' })).toBeUndefined();
    expect(parseConsoleTarget({ serverId: SERVER, node: 'pve1', vmid: '101' }, { type: 'qemu', protocol: 'ssh' })).toBeUndefined();
  });
});
