import { describe, expect, it } from '@jest/globals';
import type { CheckResult } from '@pve-nexus/contracts';
import { statusChange } from './server-status.util.js';

const SERVER = '7c0c5a43-5f41-4c3c-9c1e-2f3f8d2b6a11';
const ok: CheckResult = { tenantId: '0b9a8f4e-1d2c-4e5f-8a7b-6c5d4e3f2a1b', serverId: SERVER, checkedAt: '2025-01-01T00:00:00.000Z', ok: true, latencyMs: 12, errorClass: null, tailnetPath: null };
const refused: CheckResult = { ...ok, ok: false, latencyMs: null, errorClass: 'refused' };

describe('statusChange', () => {
  it('announces a server that stops answering, with the reason and the client\'s words', () => {
    expect(statusChange('online', refused, 'connect ECONNREFUSED 127.0.0.1:8006')).toEqual({
      serverId: SERVER,
      status: 'error',
      error: { reason: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:8006' },
    });
  });

  it('announces a server that answers again, from degraded or offline', () => {
    expect(statusChange('degraded', ok, undefined)).toEqual({ serverId: SERVER, status: 'ok' });
    expect(statusChange('offline', ok, undefined)).toEqual({ serverId: SERVER, status: 'ok' });
  });

  it('stays silent while the outcome is the same, however many failures in a row', () => {
    expect(statusChange('online', ok, undefined)).toBeUndefined();
    expect(statusChange('degraded', refused, 'refused again')).toBeUndefined();
    expect(statusChange('offline', refused, 'refused again')).toBeUndefined();
  });

  it('announces the first status of a server never checked before', () => {
    expect(statusChange(null, ok, undefined)).toEqual({ serverId: SERVER, status: 'ok' });
    expect(statusChange(null, refused, undefined)).toEqual({ serverId: SERVER, status: 'error', error: { reason: 'refused', message: 'refused' } });
  });
});
