import { describe, expect, it } from '@jest/globals';
import type { DeviceList, TailnetDevice } from '@pve-nexus/contracts';
import { deviceQueryOf, filterOptions, lastSeenLabel, NO_DEVICE_FILTERS, shownDevices, snapshotOf, staleMessage } from './device-view.util';

const NOW = Date.parse('2026-03-12T14:00:00Z');

const BASE: TailnetDevice = {
  ...{ id: 'n1CNTRL', name: 'pve-01.tail1234.ts.net', hostname: 'pve-01', addresses: { v4: '100.64.0.1', v6: null }, os: 'linux', clientVersion: null, user: null, tags: [] },
  ...{ authorized: true, keyExpiry: null, lastSeen: null, connectedToControl: true, updateAvailable: null, ephemeral: false, createdAt: null },
};
const device = (fields: Partial<TailnetDevice>): TailnetDevice => ({ ...BASE, ...fields });

describe('the device list', () => {
  const fetchedAt = new Date(NOW - 10_000).toISOString();
  const list = (devices: TailnetDevice[], at = fetchedAt, stale: DeviceList['freshness']['stale'] = null): DeviceList => ({
    devices: devices.map((entry) => ({ ...entry, online: entry.connectedToControl })),
    total: 3,
    freshness: { fetchedAt: at, stale },
  });
  const laptop = device({ id: 'n2', name: 'laptop.tail1234.ts.net', hostname: 'laptop', connectedToControl: false, lastSeen: new Date(NOW - 5_000).toISOString() });
  const build = device({ id: 'n3', name: 'build.tail1234.ts.net', hostname: 'build' });

  it('merges the online and offline answers in name order, each device online as discovery listed it', () => {
    const older = new Date(NOW - 60_000).toISOString();
    const snapshot = snapshotOf([
      { status: 'online', list: list([build, device({})]) },
      { status: 'offline', list: list([laptop], older, { reason: 'rate limited', retryAfterSeconds: 42 }) },
    ]);
    expect(snapshot.devices.map((shown) => shown.hostname)).toEqual(['build', 'laptop', 'pve-01']);
    expect(snapshot.total).toBe(3);
    expect(snapshot.freshness).toEqual({ fetchedAt: older, stale: { reason: 'rate limited', retryAfterSeconds: 42 } });
    // Seen 5 s ago, yet offline: the installation's offline window decided, not a guess here.
    expect(shownDevices(snapshot, {}).map((shown) => [shown.hostname, shown.online])).toEqual([
      ['build', true],
      ['laptop', false],
      ['pve-01', true],
    ]);
  });

  it('lets a live event newer than the list win, and an older one not', () => {
    const snapshot = snapshotOf([{ status: 'online', list: list([device({})]) }]);
    const lastSeen = new Date(NOW - 5_000).toISOString();
    expect(shownDevices(snapshot, { n1CNTRL: { online: false, lastSeen, at: NOW - 5_000 } })[0]).toMatchObject({ online: false, lastSeen });
    expect(shownDevices(snapshot, { n1CNTRL: { online: false, lastSeen, at: NOW - 60_000 } })[0]).toMatchObject({ online: true, lastSeen: null });
  });
});

describe('labels', () => {
  it('says when a device was last seen', () => {
    expect(lastSeenLabel({ online: true, connectedToControl: true, lastSeen: null }, NOW)).toBe('Connected now');
    expect(lastSeenLabel({ online: false, connectedToControl: false, lastSeen: new Date(NOW - 120_000).toISOString() }, NOW)).toBe('2 minutes ago');
    expect(lastSeenLabel({ online: false, connectedToControl: false, lastSeen: null }, NOW)).toBe('Never');
  });

  it('tells how old a list served from cache is, and why', () => {
    expect(staleMessage(new Date(NOW - 180_000).toISOString(), 'Tailscale is rate limiting requests.', NOW)).toBe('Showing the list from 3 minutes ago: Tailscale is rate limiting requests.');
    expect(staleMessage(new Date(NOW - 5_000).toISOString(), 'unreachable', NOW)).toBe('Showing the list from moments ago: unreachable.');
  });
});

describe('filters', () => {
  it('leaves empty filters out of the query', () => {
    expect(deviceQueryOf(NO_DEVICE_FILTERS)).toEqual({ status: undefined, os: undefined, tag: undefined, search: undefined });
    expect(deviceQueryOf({ status: 'online', os: 'linux', tag: ' ', search: ' pve ' })).toEqual({ status: 'online', os: 'linux', tag: undefined, search: 'pve' });
  });

  it('gathers the OS names and tags seen so far, sorted', () => {
    const first = filterOptions({ os: [], tags: [] }, [device({ os: 'linux', tags: ['tag:pve'] }), device({ os: null, tags: ['tag:ci', 'tag:pve'] })]);
    expect(first).toEqual({ os: ['linux'], tags: ['tag:ci', 'tag:pve'] });
    expect(filterOptions(first, [device({ os: 'macOS' })])).toEqual({ os: ['linux', 'macOS'], tags: ['tag:ci', 'tag:pve'] });
  });
});
