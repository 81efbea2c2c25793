import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBounded, Semaphore } from './bounded.util.js';

describe('runBounded', () => {
  it('never exceeds the overall and the per-key limits, and runs everything', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ id: i, server: `s${i % 5}` }));
    let running = 0;
    let peak = 0;
    const perServer = new Map<string, number>();
    let peakPerServer = 0;
    const results = await runBounded(items, (item) => item.server, { overall: 8, perKey: 2 }, async (item) => {
      running += 1;
      perServer.set(item.server, (perServer.get(item.server) ?? 0) + 1);
      peak = Math.max(peak, running);
      peakPerServer = Math.max(peakPerServer, perServer.get(item.server)!);
      await sleep(5);
      running -= 1;
      perServer.set(item.server, perServer.get(item.server)! - 1);
      return item.id;
    });
    expect(peak).toBe(8);
    expect(peakPerServer).toBe(2);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : -1))).toEqual(items.map((item) => item.id));
  });

  it('settles failures one by one instead of failing the whole run', async () => {
    const results = await runBounded([1, 2, 3], () => 'one', { overall: 2, perKey: 1 }, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('refuses a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
