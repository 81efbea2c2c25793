import { describe, expect, it } from '@jest/globals';
import { refreshDelayMs, retryDelayMs } from './session-timing.util';

describe('refreshDelayMs', () => {
  it('renews a 15-minute token a minute before it expires', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
  });

  it('renews a short-lived token when four fifths of its life have passed', () => {
    expect(refreshDelayMs(30)).toBe(24_000);
  });

  it('never schedules sooner than a second, even for a token already expired', () => {
    expect(refreshDelayMs(0)).toBe(1_000);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 2 s up to a minute', () => {
    expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 60_000]);
  });
});
