import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { OAuthAccessToken, OAuthTokenCache } from '@pve-nexus/tailscale-client';

const StoredToken = z.object({ accessToken: z.string().min(1), expiresAt: z.number().int() });

/**
 * A tenant's OAuth access tokens in Redis, shared by every discovery replica: keyed by tenant and
 * credentials version (new credentials never reuse a token of the old ones), kept until they expire.
 */
export class RedisOAuthTokenCache implements OAuthTokenCache {
  constructor(
    private readonly redis: Redis,
    private readonly tenantId: string,
    private readonly version: string,
  ) {}

  async get(scope: string): Promise<OAuthAccessToken | null> {
    const raw = await this.redis.get(this.key(scope));
    const parsed = raw ? StoredToken.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  async set(scope: string, token: OAuthAccessToken): Promise<void> {
    const ttlMs = token.expiresAt - Date.now();
    if (ttlMs > 0) await this.redis.set(this.key(scope), JSON.stringify(token), 'PX', ttlMs);
  }

  private key(scope: string): string {
    return `discovery:oauth:${this.tenantId}:${this.version}:${scope}`;
  }
}
