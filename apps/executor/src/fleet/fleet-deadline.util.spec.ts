import { describe, expect, it } from '@jest/globals';
import { fleetListDeadlineMs } from './fleet-deadline.util.js';

describe('fleetListDeadlineMs', () => {
  it('uses the configured connect timeout while nothing was learned', () => {
    expect(fleetListDeadlineMs({ learnedTimeoutMs: null, connectTimeoutMs: 10_000 }, 5_000)).toBe(10_000);
  });

  it('raises a short learned deadline to the floor: a list is not a lone health check', () => {
    expect(fleetListDeadlineMs({ learnedTimeoutMs: 1_000, connectTimeoutMs: 10_000 }, 5_000)).toBe(5_000);
  });

  it('keeps a learned deadline above the floor', () => {
    expect(fleetListDeadlineMs({ learnedTimeoutMs: 7_500, connectTimeoutMs: 10_000 }, 5_000)).toBe(7_500);
  });

  it('never goes past the server\'s own connect timeout', () => {
    expect(fleetListDeadlineMs({ learnedTimeoutMs: 1_000, connectTimeoutMs: 3_000 }, 5_000)).toBe(3_000);
  });
});
