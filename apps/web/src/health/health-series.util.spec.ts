import { describe, expect, it } from '@jest/globals';
import { hourlySeries } from './health-series.util';

describe('hourlySeries', () => {
  it('fills the hours without checks with gaps, oldest first', () => {
    const now = Date.parse('2025-01-01T10:30:00Z');
    const points = hourlySeries([{ hour: '2025-01-01T09:00:00.000Z', checks: 4, successRate: 0.75, avgLatencyMs: 12.4, maxLatencyMs: 30 }], 3, now);
    expect(points.map((p) => [new Date(p.t).toISOString(), p.successPct, p.avgMs, p.maxMs, p.checks])).toEqual([
      ['2025-01-01T08:00:00.000Z', null, null, null, 0],
      ['2025-01-01T09:00:00.000Z', 75, 12, 30, 4],
      ['2025-01-01T10:00:00.000Z', null, null, null, 0],
    ]);
  });
});
