import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, parseRetryAfter, retryPolicy } from './retry-policy.js';

describe('retry policy', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date, and ignores what is neither', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 03 Dec 2026 10:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Wed, 03 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['12', '40'], now)).toBe(12);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially with half of each delay random, capped', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('defaults to three attempts and no waiting for rate limits', () => {
    expect(retryPolicy()).toEqual({ attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000, maxRetryAfterSeconds: 0 });
    expect(retryPolicy({ attempts: 0 }).attempts).toBe(1);
  });
});
