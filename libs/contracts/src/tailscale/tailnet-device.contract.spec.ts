import { describe, expect, it } from '@jest/globals';
import { deviceForHost, isDeviceOnline, type TailnetDevice } from './tailnet-device.contract.js';

const device = (hostname: string, v4: string, fields: Partial<TailnetDevice> = {}): TailnetDevice => ({
  id: `n${hostname}`,
  name: `${hostname}.tail1234.ts.net`,
  hostname,
  addresses: { v4, v6: `fd7a:115c:a1e0::${v4.split('.').at(-1)}` },
  os: 'linux',
  clientVersion: null,
  user: null,
  tags: [],
  authorized: true,
  keyExpiry: null,
  lastSeen: null,
  connectedToControl: true,
  updateAvailable: null,
  ephemeral: false,
  createdAt: null,
  ...fields,
});

describe('deviceForHost', () => {
  const devices = [device('pve-01', '100.64.0.1'), device('nas', '100.64.0.2')];

  it('matches a server host by MagicDNS name, host name, first label or Tailscale address', () => {
    for (const host of ['pve-01.tail1234.ts.net', 'PVE-01', 'pve-01.home.arpa', '100.64.0.1', 'fd7a:115c:a1e0::1']) {
      expect(deviceForHost(devices, host)?.hostname).toBe('pve-01');
    }
  });

  it('matches nothing for an unrelated name or a LAN address', () => {
    expect(deviceForHost(devices, 'pve-02.example.com')).toBeNull();
    expect(deviceForHost(devices, '127.0.0.1')).toBeNull();
    expect(deviceForHost(devices, '')).toBeNull();
  });
});

describe('isDeviceOnline', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  it('is online while connected, or seen within the offline delay', () => {
    expect(isDeviceOnline({ connectedToControl: true, lastSeen: null }, now, 120_000)).toBe(true);
    expect(isDeviceOnline({ connectedToControl: false, lastSeen: '2026-12-03T09:59:00Z' }, now, 120_000)).toBe(true);
    expect(isDeviceOnline({ connectedToControl: false, lastSeen: '2026-12-03T09:57:00Z' }, now, 120_000)).toBe(false);
    expect(isDeviceOnline({ connectedToControl: false, lastSeen: null }, now, 120_000)).toBe(false);
  });
});
