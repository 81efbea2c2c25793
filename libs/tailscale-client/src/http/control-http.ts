import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { NexusError } from '@pve-nexus/contracts';
import type { Deadline } from './deadline.js';
import { backoffDelayMs, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import {
  isRetryableNetworkFailure,
  networkError,
  rateLimitedError,
  serverError,
  timeoutError,
  unexpectedAnswer,
  type Operation,
  type UpstreamContext,
} from './upstream-error.js';

/** One request to a control server. */
export interface ControlRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Sending it twice does no harm, so a 5xx or a broken connection may be retried. */
  idempotent: boolean;
  operation: Operation;
}

/** An HTTP answer that is not retried: 2xx, 4xx other than 429, or the last 5xx. */
export interface ControlAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface ControlHttpOptions {
  context: UpstreamContext;
  retry: RetryPolicy;
  dispatcher?: Dispatcher;
  /** For tests of the jitter; default Math.random. */
  random?: () => number;
}

/** A device list of a large tailnet is a few MiB; anything far larger is not an answer we want. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Sends requests to one control server: retries 5xx answers and network failures with backoff,
 * waits out a short Retry-After, and turns what cannot be retried into a {@link NexusError}.
 * undici's `request` (not fetch) so a caller's Dispatcher (egress policy, proxy) applies.
 */
export class ControlHttp {
  constructor(private readonly options: ControlHttpOptions) {}

  get context(): UpstreamContext {
    return this.options.context;
  }

  async send(call: ControlRequest, deadline: Deadline): Promise<ControlAnswer> {
    const { retry, context } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= retry.attempts;
      let answer: ControlAnswer;
      try {
        answer = await this.exchange(call, deadline);
      } catch (error) {
        if (deadline.expired) throw timeoutError(context, deadline.timeoutMs);
        if (error instanceof NexusError) throw error;
        const failure = networkError(error, context, call.url.origin);
        if (last || !isRetryableNetworkFailure(error, call.idempotent)) throw failure;
        await this.pause(this.backoff(attempt), deadline, failure);
        continue;
      }
      if (answer.status === 429) {
        const waitSeconds = parseRetryAfter(answer.headers['retry-after'], Date.now());
        const limited = rateLimitedError(context, waitSeconds);
        if (waitSeconds === undefined || waitSeconds > retry.maxRetryAfterSeconds || last) throw limited;
        await this.pause(waitSeconds * 1000, deadline, limited);
        continue;
      }
      if (answer.status >= 500 && call.idempotent && !last) {
        await this.pause(this.backoff(attempt), deadline, serverError(answer.status, answer.text, context, call.operation));
        continue;
      }
      return answer;
    }
  }

  private async exchange(call: ControlRequest, deadline: Deadline): Promise<ControlAnswer> {
    const response = await request(call.url, {
      method: call.method,
      headers: { accept: 'application/json', 'user-agent': 'pve-nexus', ...call.headers },
      ...(call.body !== undefined ? { body: call.body } : {}),
      signal: deadline.signal,
      ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        response.body.destroy();
        throw unexpectedAnswer(this.options.context, call.operation, `an answer over ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
      }
      chunks.push(chunk as Buffer);
    }
    return { status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') };
  }

  private backoff(attempt: number): number {
    return backoffDelayMs(attempt, this.options.retry, this.options.random);
  }

  /** Waits before a retry, unless the wait would outlast the call: then the failure is the answer. */
  private async pause(ms: number, deadline: Deadline, failure: NexusError): Promise<void> {
    if (ms >= deadline.remainingMs()) throw failure;
    try {
      await sleep(ms, undefined, { signal: deadline.signal });
    } catch {
      throw timeoutError(this.options.context, deadline.timeoutMs);
    }
  }
}
