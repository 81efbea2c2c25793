/** A counting semaphore: at most `limit` holders at a time, waiters served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a semaphore needs a limit of at least 1, got ${limit}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * Runs `work` for every item with at most `overall` running at once, and at most `perKey` at once
 * for items of the same key (a server). The per-key slot is taken first, so an item waiting for its
 * server never holds one of the overall slots. Never rejects: each result is settled on its own.
 */
export async function runBounded<I, R>(
  items: readonly I[],
  keyOf: (item: I) => string,
  limits: { overall: number; perKey: number },
  work: (item: I) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const overall = new Semaphore(limits.overall);
  const perKey = new Map<string, Semaphore>();
  return Promise.allSettled(
    items.map((item) => {
      const key = keyOf(item);
      let own = perKey.get(key);
      if (!own) perKey.set(key, (own = new Semaphore(limits.perKey)));
      return own.run(() => overall.run(() => work(item)));
    }),
  );
}
