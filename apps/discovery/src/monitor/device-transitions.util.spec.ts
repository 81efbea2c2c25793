import { describe, expect, it } from '@jest/globals';
import type { TailnetDevice } from '@pve-nexus/contracts';
import { deviceTransitions } from './device-transitions.util.js';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const OFFLINE_AFTER = 120_000;
const device = (id: string, connected: boolean, lastSeen: string | null = null) => ({ id, name: `${id}.tailnet.test`, connectedToControl: connected, lastSeen }) as TailnetDevice;

describe('deviceTransitions', () => {
  it('takes the first poll as the baseline', () => {
    const { transitions, known } = deviceTransitions(null, [device('a', true), device('b', false)], NOW, OFFLINE_AFTER);
    expect(transitions).toEqual([]);
    expect(known.get('b')).toEqual({ name: 'b.tailnet.test', online: false });
  });

  it('reports offline only once a device is unseen for the offline delay, then online, appeared and removed', () => {
    const { known } = deviceTransitions(null, [device('a', true), device('b', true)], NOW, OFFLINE_AFTER);
    const justLeft = deviceTransitions(known, [device('a', false, '2026-12-03T09:59:30Z'), device('b', true)], NOW, OFFLINE_AFTER);
    expect(justLeft.transitions).toEqual([]);
    const gone = deviceTransitions(justLeft.known, [device('a', false, '2026-12-03T09:57:00Z'), device('c', true)], NOW, OFFLINE_AFTER);
    expect(gone.transitions.map((change) => [change.device.id, change.kind, change.online])).toEqual([
      ['a', 'offline', false],
      ['c', 'appeared', true],
      ['b', 'removed', false],
    ]);
    const back = deviceTransitions(gone.known, [device('a', true), device('c', true)], NOW, OFFLINE_AFTER);
    expect(back.transitions.map((change) => [change.device.id, change.kind])).toEqual([['a', 'online']]);
  });
});
