import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Agent } from 'undici';
import type { Redis } from 'ioredis';
import { EgressRpc, NexusError, TailnetSettingsRpc, type EgressPolicy, type RequestMeta, type TailnetCredentials } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { REDIS } from '@pve-nexus/service-kit';
import { TailnetClient } from '@pve-nexus/tailscale-client';
import { DISCOVERY_OPTIONS, type DiscoveryOptions } from './discovery.options.js';
import { egressDispatcher } from './egress.dispatcher.js';
import { RedisOAuthTokenCache } from './redis-oauth-token.cache.js';

/** A tenant's control server client, with the version of the credentials it was built from. */
export interface TenantTailnet {
  tenantId: string;
  credentials: TailnetCredentials;
  /** Changes whenever the credentials do; cache entries carry it. */
  version: string;
  client: TailnetClient;
}

const SELF = { type: 'system', name: 'discovery' } as const;
const MAX_DISPATCHERS = 1_000;

/** Opens a tenant's tailnet credentials (from inventory, over the bus) and builds its client. */
@Injectable()
export class TailnetConnections implements OnApplicationShutdown {
  /** One dispatcher per control server URL and egress policy, reused across calls (its connections too). */
  private readonly dispatchers = new Map<string, Agent>();

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DISCOVERY_OPTIONS) private readonly options: DiscoveryOptions,
  ) {}

  /** The tenant's tailnet, or null when it has no credentials. `meta` is the caller's (forwarded) or discovery's own. */
  async open(tenantId: string, meta: RequestMeta): Promise<TenantTailnet | null> {
    const opened = await this.bus.request(TailnetSettingsRpc.open, {}, meta);
    if (!opened) return null;
    const credentials = opened.credentials as TailnetCredentials;
    return { tenantId, credentials, version: opened.version, client: await this.clientFor(tenantId, credentials, opened.version, meta.requestId) };
  }

  /** Like {@link open}, but a tenant without a tailnet is an error the person can act on. */
  async require(tenantId: string, meta: RequestMeta): Promise<TenantTailnet> {
    const tailnet = await this.open(tenantId, meta);
    if (!tailnet) throw new NexusError('NOT_FOUND', 'This tenant has no tailnet yet: add its credentials in Settings › Connectivity');
    return tailnet;
  }

  /** A client of credentials (stored or about to be), under the installation's egress policy. */
  async clientFor(tenantId: string, credentials: TailnetCredentials, version: string, requestId: string): Promise<TailnetClient> {
    const dispatcher = credentials.control === 'headscale' ? this.dispatcher(credentials.url, await this.egressPolicy(tenantId, requestId)) : undefined;
    return new TailnetClient({
      credentials,
      tailscaleApiUrl: this.options.tailscaleApiUrl,
      timeoutMs: this.options.timeoutMs,
      tokenCache: new RedisOAuthTokenCache(this.redis, tenantId, version),
      ...(dispatcher ? { dispatcher } : {}),
    });
  }

  onApplicationShutdown(): void {
    for (const agent of this.dispatchers.values()) void agent.close();
  }

  private dispatcher(url: string, policy: EgressPolicy): Agent {
    const key = `${url} ${JSON.stringify(policy)}`;
    let agent = this.dispatchers.get(key);
    if (!agent) {
      agent = egressDispatcher(url, policy);
      if (this.dispatchers.size >= MAX_DISPATCHERS) {
        const [oldest] = this.dispatchers;
        if (oldest) {
          this.dispatchers.delete(oldest[0]);
          void oldest[1].close();
        }
      }
      this.dispatchers.set(key, agent);
    }
    return agent;
  }

  private egressPolicy(tenantId: string, requestId: string) {
    return this.bus.request(EgressRpc.effective, {}, { actor: SELF, tenantId, requestId });
  }
}
