import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONSOLE_GRANT_SEAL_PURPOSE, consoleGrantKey, type ConsoleGrant } from '@pve-nexus/contracts';
import { sealWithToken, tokenDigest } from '@pve-nexus/crypto';
import { REDIS } from '@pve-nexus/service-kit';

/**
 * One-time console grants in Redis, shared by every relay replica. The key is the token's SHA-256
 * and the value is sealed with a key derived from the token: whoever reads Redis learns neither
 * the token nor the Proxmox ticket behind it.
 */
@Injectable()
export class ConsoleGrantRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Stores `grant` for `ttlMs`; the relay redeems it once (GETDEL). */
  async store(token: string, grant: ConsoleGrant, ttlMs: number): Promise<void> {
    await this.redis.set(consoleGrantKey(tokenDigest(token)), sealWithToken(token, CONSOLE_GRANT_SEAL_PURPOSE, JSON.stringify(grant)), 'PX', ttlMs);
  }
}
