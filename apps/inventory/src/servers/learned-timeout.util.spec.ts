import { describe, expect, it } from '@jest/globals';
import { healthStatus, hourOf, learnedTimeoutMs } from './learned-timeout.util.js';

describe('learnedTimeoutMs', () => {
  it('is null without any ok latency, so the configured timeout applies', () => {
    expect(learnedTimeoutMs([], 10_000)).toBeNull();
  });

  it('is bounded below by 1 s and above by the configured connect timeout', () => {
    expect(learnedTimeoutMs([1, 2, 3], 10_000)).toBe(1_000);
    expect(learnedTimeoutMs([50_000], 10_000)).toBe(10_000);
    // A configured timeout under 1 s wins over the floor.
    expect(learnedTimeoutMs([5], 500)).toBe(500);
    for (const latencies of [[0], [10, 20, 30], Array.from({ length: 40 }, (_, i) => i * 997)]) {
      const learned = learnedTimeoutMs(latencies, 7_000)!;
      expect(learned).toBeGreaterThanOrEqual(1_000);
      expect(learned).toBeLessThanOrEqual(7_000);
    }
  });

  it('keeps a slow but alive server up: its timeout stays well above its usual latency', () => {
    const slow = [900, 1_100, 1_000, 1_200, 950, 1_050, 1_150, 980, 1_020, 1_300];
    const learned = learnedTimeoutMs(slow, 10_000)!;
    expect(learned).toBe(1_300 * 3 + 250);
    // Every latency seen, even the worst, fits with room to spare.
    expect(Math.max(...slow) * 2).toBeLessThan(learned);
  });

  it('detects a dead fast server quickly: the timeout follows the p95, not the configured maximum', () => {
    const fast = Array.from({ length: 20 }, (_, i) => 20 + (i % 5));
    expect(learnedTimeoutMs(fast, 30_000)).toBe(1_000);
  });

  it('ignores one outlier in 20 (p95) and only looks at the last 20 latencies', () => {
    const oneOutlier = [...Array.from({ length: 19 }, () => 400), 9_000];
    expect(learnedTimeoutMs(oneOutlier, 30_000)).toBe(400 * 3 + 250);
    const oldSlowThenFast = [...Array.from({ length: 30 }, () => 5_000), ...Array.from({ length: 20 }, () => 400)];
    expect(learnedTimeoutMs(oldSlowThenFast, 30_000)).toBe(400 * 3 + 250);
  });
});

describe('healthStatus', () => {
  it('is online after an ok check, degraded after one failure, offline after two in a row', () => {
    expect(healthStatus(true, null)).toBe('online');
    expect(healthStatus(true, false)).toBe('online');
    expect(healthStatus(false, null)).toBe('degraded');
    expect(healthStatus(false, true)).toBe('degraded');
    expect(healthStatus(false, false)).toBe('offline');
  });
});

describe('hourOf', () => {
  it('truncates to the UTC hour', () => {
    expect(hourOf(new Date('2026-11-23T10:59:59.999Z')).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });
});
