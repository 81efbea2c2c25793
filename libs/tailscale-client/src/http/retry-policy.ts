/** How a {@link TailnetClient} retries one request. Every wait stays within the call's timeout. */
export interface RetryOptions {
  /** Attempts per request, the first one included. Default 3. */
  attempts?: number;
  /** The first backoff delay after a 5xx answer or a network failure; it doubles per attempt, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** The longest single backoff delay. Default 2_000 ms. */
  maxDelayMs?: number;
  /**
   * A 429 whose Retry-After is at most this many seconds is waited out and retried; a longer one (or
   * one without Retry-After) throws RATE_LIMITED at once, so the caller can serve what it cached.
   * Default 0: only `Retry-After: 0` is retried.
   */
  maxRetryAfterSeconds?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000, maxRetryAfterSeconds: 0 };

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    attempts: Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY.attempts)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    maxRetryAfterSeconds: Math.max(0, options.maxRetryAfterSeconds ?? DEFAULT_RETRY.maxRetryAfterSeconds),
  };
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that clients failing together do not retry together.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Seconds to wait according to a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP-date names its day and zone; Date.parse alone would read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
