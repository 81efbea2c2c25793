import { describe, expect, it } from '@jest/globals';
import type { TailnetDevice } from '@pve-nexus/contracts';
import { deviceQueryOf, filterOptions, lastSeenLabel, NO_DEVICE_FILTERS, shownDevices, staleMessage } from './device-view.util';

const NOW = Date.parse('2026-03-12T14:00:00Z');

const BASE: TailnetDevice = {
  ...{ id: 'n1CNTRL', name: 'pve-01.tail1234.ts.net', hostname: 'pve-01', addresses: { v4: '100.64.0.1', v6: null }, os: 'linux', clientVersion: null, user: null, tags: [] },
  ...{ authorized: true, keyExpiry: null, lastSeen: null, connectedToControl: true, updateAvailable: null, ephemeral: false, createdAt: null },
};
const device = (fields: Partial<TailnetDevice>): TailnetDevice => ({ ...BASE, ...fields });

describe('shownDevices', () => {
  const fetchedAt = new Date(NOW - 10_000).toISOString();

  it('decides online from the list when no event is newer', () => {
    const offline = device({ id: 'a', connectedToControl: false, lastSeen: new Date(NOW - 3 * 3_600_000).toISOString() });
    const recent = device({ id: 'b', connectedToControl: false, lastSeen: new Date(NOW - 30_000).toISOString() });
    expect(shownDevices([device({}), offline, recent], fetchedAt, {}, NOW).map((shown) => shown.online)).toEqual([true, false, true]);
  });

  it('lets a live event newer than the list win, and an older one not', () => {
    const lastSeen = new Date(NOW - 5_000).toISOString();
    const newer = { n1CNTRL: { online: false, lastSeen, at: NOW - 5_000 } };
    expect(shownDevices([device({})], fetchedAt, newer, NOW)[0]).toMatchObject({ online: false, lastSeen });
    const older = { n1CNTRL: { online: false, lastSeen, at: NOW - 60_000 } };
    expect(shownDevices([device({})], fetchedAt, older, NOW)[0]).toMatchObject({ online: true, lastSeen: null });
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
