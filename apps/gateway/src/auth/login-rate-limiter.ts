import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { NexusError } from '@pve-nexus/contracts';
import { REDIS } from '@pve-nexus/service-kit';

export const LOGIN_RATE_LIMIT = Symbol('LOGIN_RATE_LIMIT');

/** Limits of {@link LoginRateLimiter}. */
export interface LoginLimits {
  /** Sign-in attempts per client address per minute, whatever their outcome. */
  perMinute: number;
  /** Failed attempts from one client address before each further one must wait (default 20). */
  freeFailuresPerAddress: number;
  /** Failed attempts on one account (or one user's password change) before each further one must wait (default 5). */
  freeFailuresPerAccount: number;
  /** The first wait; each further failure doubles it up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  failureWindowMs: number;
}

/** What one attempt is counted against: a bucket and how many failures it may have for free. */
export interface LoginBucket {
  key: string;
  freeFailures: number;
}

/**
 * Sign-in and password-change throttling in Redis, shared by every gateway replica. Per client
 * address (as the trusted proxy forwards it): a cap per minute and a backoff after failures. Per
 * account: a backoff after failures, never a lockout: each failure past the free ones makes the next
 * attempt wait twice as long (429 with Retry-After), and a success clears the account's count, so no
 * one can lock a person out for longer than the backoff. The account bucket is keyed on the e-mail as
 * typed, known or not, so a throttled unknown e-mail answers exactly as a throttled real one.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGIN_RATE_LIMIT) private readonly limits: LoginLimits,
  ) {}

  /** The buckets of one sign-in attempt. */
  signInBuckets(clientAddress: string, email: string): LoginBucket[] {
    return [
      { key: `address:${clientAddress}`, freeFailures: this.limits.freeFailuresPerAddress },
      { key: `account:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`, freeFailures: this.limits.freeFailuresPerAccount },
    ];
  }

  /** The bucket of a signed-in user's password changes (a wrong current password is a failure). */
  passwordBucket(userId: string): LoginBucket {
    return { key: `password:${userId}`, freeFailures: this.limits.freeFailuresPerAccount };
  }

  /** Counts one sign-in attempt from the address; refused over the per-minute cap. */
  async hit(clientAddress: string): Promise<void> {
    const key = `ratelimit:login:${clientAddress}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(key, 60);
    if (count > this.limits.perMinute) {
      const retryAfter = ttl > 0 ? ttl : 60;
      throw tooMany(retryAfter);
    }
  }

  /** Refused with 429 and Retry-After while any of the buckets is waiting out its backoff. */
  async check(buckets: LoginBucket[]): Promise<void> {
    const waits = await Promise.all(buckets.map((bucket) => this.redis.pttl(blockKey(bucket))));
    const longest = Math.max(0, ...waits);
    if (longest > 0) throw tooMany(Math.ceil(longest / 1000));
  }

  /** Counts a failure in each bucket and starts its backoff once past its free failures. */
  async fail(buckets: LoginBucket[]): Promise<void> {
    for (const bucket of buckets) {
      const key = failKey(bucket);
      const [[, failures]] = (await this.redis.multi().incr(key).pexpire(key, this.limits.failureWindowMs).exec()) as [[null, number], [null, number]];
      const over = failures - bucket.freeFailures;
      if (over > 0) {
        const delay = Math.min(this.limits.baseDelayMs * 2 ** (over - 1), this.limits.maxDelayMs);
        await this.redis.set(blockKey(bucket), '1', 'PX', delay);
      }
    }
  }

  /** A success forgets the bucket's failures (the address keeps its own: one success does not excuse a spray). */
  async succeed(bucket: LoginBucket): Promise<void> {
    await this.redis.del(failKey(bucket), blockKey(bucket));
  }
}

const failKey = (bucket: LoginBucket) => `ratelimit:login-failures:${bucket.key}`;
const blockKey = (bucket: LoginBucket) => `ratelimit:login-wait:${bucket.key}`;

function tooMany(retryAfterSeconds: number): NexusError {
  return new NexusError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s`, undefined, retryAfterSeconds);
}
