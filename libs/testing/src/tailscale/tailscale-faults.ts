/** The next requests answered 429. */
export interface RateLimitRule {
  /** How many matching requests are refused. Default: every one until `clearRateLimit()`. */
  requests?: number;
  /** Retry-After: seconds, an HTTP date, or null for no header. Default 60 s. */
  retryAfter?: number | Date | null;
  /** Only requests whose path matches. */
  path?: RegExp;
}

/** The next requests answered with a status and body of the test's choosing (a 5xx, or a 200 with garbage). */
export interface InjectedAnswer {
  status: number;
  /** How many matching requests. Default: every one until `clearFailures()`. */
  count?: number;
  /** The raw body. Default the API's `{"message": ...}` for the status. */
  body?: string;
  /** Default `application/json` for a default body, `text/html` for a given one. */
  contentType?: string;
  path?: RegExp;
}

/** The API's error messages per status (its OpenAPI document's examples). */
const STATUS_MESSAGES: Record<number, string> = {
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'request took too long to process, please try again later',
};

interface Counted<T> {
  rule: T;
  remaining: number;
}

/** A canned answer a fault produces. */
export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The simulator's programmable faults, checked in order: rate limit, then injected answers. */
export class TailscaleFaults {
  latencyMs = 0;
  hanging = false;
  private rateLimits: Array<Counted<RateLimitRule>> = [];
  private answers: Array<Counted<InjectedAnswer>> = [];

  rateLimit(rule: RateLimitRule): void {
    this.rateLimits.push({ rule, remaining: rule.requests ?? Infinity });
  }

  clearRateLimit(): void {
    this.rateLimits = [];
  }

  inject(rule: InjectedAnswer): void {
    this.answers.push({ rule, remaining: rule.count ?? Infinity });
  }

  clearFailures(): void {
    this.answers = [];
  }

  /** The fault answer for this request, if any (a counted rule uses one of its requests). */
  take(path: string): FaultAnswer | undefined {
    const limit = takeFrom(this.rateLimits, path);
    if (limit) {
      const retryAfter = limit.retryAfter === undefined ? 60 : limit.retryAfter;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (retryAfter !== null) headers['retry-after'] = retryAfter instanceof Date ? retryAfter.toUTCString() : String(retryAfter);
      return { status: 429, headers, body: JSON.stringify({ message: 'too many requests' }) };
    }
    const answer = takeFrom(this.answers, path);
    if (!answer) return undefined;
    const body = answer.body ?? JSON.stringify({ message: STATUS_MESSAGES[answer.status] ?? 'error' });
    const contentType = answer.contentType ?? (answer.body === undefined ? 'application/json' : 'text/html');
    return { status: answer.status, headers: { 'content-type': contentType }, body };
  }
}

function takeFrom<T extends { path?: RegExp }>(rules: Array<Counted<T>>, path: string): T | undefined {
  const index = rules.findIndex((entry) => !entry.rule.path || entry.rule.path.test(path));
  const entry = rules[index];
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) rules.splice(index, 1);
  return entry.rule;
}
