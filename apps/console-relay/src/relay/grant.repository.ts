import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONSOLE_GRANT_SEAL_PURPOSE, ConsoleGrant, consoleGrantKey } from '@pve-nexus/contracts';
import { isBearerToken, openWithToken, tokenDigest } from '@pve-nexus/crypto';
import { REDIS } from '@pve-nexus/service-kit';


/** One-time console grants, as the gateway stores them in Redis. */
@Injectable()
export class GrantRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * Takes the token's grant out of Redis and opens it. GETDEL makes the redemption atomic: of any
   * number of attempts on any number of replicas, one gets the grant, the others nothing. Undefined
   * for an unknown, used or expired token, and for a record that does not open or validate.
   */
  async redeem(token: string): Promise<ConsoleGrant | undefined> {
    if (!isBearerToken(token)) return undefined;
    const sealed = await this.redis.getdel(consoleGrantKey(tokenDigest(token)));
    if (!sealed) return undefined;
    try {
      const grant = ConsoleGrant.safeParse(JSON.parse(openWithToken(token, CONSOLE_GRANT_SEAL_PURPOSE, sealed)));
      return grant.success ? grant.data : undefined;
    } catch {
      return undefined;
    }
  }
}
