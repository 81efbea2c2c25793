import { describe, expect, it } from '@jest/globals';
import type { FleetServerStatus } from '@pve-nexus/contracts';
import { shownServers } from './server-status.util';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const listed: FleetServerStatus[] = [
  { serverId: A, name: 'a', status: 'ok', latencyMs: 12, guestCount: 3 },
  { serverId: B, name: 'b', status: 'error', error: { reason: 'timeout', message: 'no answer within 3000 ms' }, latencyMs: 3_001, guestCount: 0 },
];

describe('shownServers', () => {
  it('shows the list as it answered when no event came since', () => {
    expect(shownServers(listed, {}, 1_000)).toEqual([
      { serverId: A, name: 'a', status: 'ok', source: 'list', latencyMs: 12, recovered: false },
      { serverId: B, name: 'b', status: 'error', error: { reason: 'timeout', message: 'no answer within 3000 ms' }, source: 'list', latencyMs: 3_001, recovered: false },
    ]);
  });

  it('shows a server going down after the list, with the reason of the event', () => {
    const live = { [A]: { data: { serverId: A, status: 'error' as const, error: { reason: 'refused' as const, message: 'connection refused' } }, receivedAt: 2_000 } };
    expect(shownServers(listed, live, 1_000)[0]).toEqual({ serverId: A, name: 'a', status: 'error', error: { reason: 'refused', message: 'connection refused' }, source: 'live', recovered: false });
  });

  it('marks a failed server that answers again as recovered, so its guests are read', () => {
    const live = { [B]: { data: { serverId: B, status: 'ok' as const }, receivedAt: 2_000 } };
    expect(shownServers(listed, live, 1_000)[1]).toEqual({ serverId: B, name: 'b', status: 'ok', source: 'live', recovered: true });
  });

  it('lets a list fetched after the event win', () => {
    const live = { [B]: { data: { serverId: B, status: 'ok' as const }, receivedAt: 2_000 } };
    expect(shownServers(listed, live, 3_000)[1]).toMatchObject({ status: 'error', source: 'list', recovered: false });
  });
});
