import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { NexusError } from '@pve-nexus/contracts';
import { REDIS } from '@pve-nexus/service-kit';

export const LOGIN_RATE_LIMIT = Symbol('LOGIN_RATE_LIMIT');

/**
 * Sign-in attempts per client address, in fixed one-minute windows shared by every gateway replica
 * (Redis). Complements the per-account lockout in inventory, which an attacker spraying many
 * accounts from one address would not trigger.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGIN_RATE_LIMIT) private readonly perMinute: number,
  ) {}

  async hit(clientAddress: string): Promise<void> {
    const key = `ratelimit:login:${clientAddress}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(key, 60);
    if (count > this.perMinute) {
      const retryAfter = ttl > 0 ? ttl : 60;
      throw new NexusError('RATE_LIMITED', `Too many sign-in attempts; try again in ${retryAfter} s`, undefined, retryAfter);
    }
  }
}
