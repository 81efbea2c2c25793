import { Agent } from 'undici';
import type { EffectiveEndpoint, EgressPolicy } from '@pve-nexus/contracts';
import { dial, type TailnetAccess } from '@pve-nexus/reachability';
import { secure, type TlsPolicy } from './tls-trust.js';

export interface AgentKey {
  endpoint: EffectiveEndpoint;
  policy: TlsPolicy;
  connectTimeoutMs: number;
  /** Host name for SNI and CA verification (the endpoint's host unless it is an address). */
  servername?: string;
  /** The installation's egress policy, checked when dialling. */
  egress?: EgressPolicy;
}

/**
 * One undici connection pool per effective endpoint and trust policy, shared by every request to
 * that server: keep-alive TLS connections are reused, and a slow server only fills its own pool.
 */
export class ProxmoxAgents {
  private readonly agents = new Map<string, { agent: Agent; fingerprints: Map<string, string> }>();

  constructor(
    private readonly access: TailnetAccess,
    private readonly connectionsPerServer = 8,
  ) {}

  /** The pool for a key, and the fingerprint its connections presented (by socket origin). */
  get(key: AgentKey): { agent: Agent; lastFingerprint: () => string | null } {
    const id = JSON.stringify([key.endpoint, key.policy, key.connectTimeoutMs, key.servername, key.egress]);
    let entry = this.agents.get(id);
    if (!entry) {
      const fingerprints = new Map<string, string>();
      const agent = new Agent({
        connections: this.connectionsPerServer,
        keepAliveTimeout: 30_000,
        connect: (options, callback) => {
          dial(key.endpoint, this.access, { timeoutMs: key.connectTimeoutMs, ...(key.egress ? { egress: key.egress } : {}) })
            .then((socket) => secure(socket, key.servername, key.policy, (fingerprint) => fingerprints.set('last', fingerprint), key.connectTimeoutMs))
            .then((tls) => callback(null, tls), (error: Error) => callback(error, null));
          void options;
        },
      });
      entry = { agent, fingerprints };
      this.agents.set(id, entry);
    }
    const { fingerprints } = entry;
    return { agent: entry.agent, lastFingerprint: () => fingerprints.get('last') ?? null };
  }

  /** Drops a server's pools (its settings or pins changed). */
  async forget(predicate: (key: string) => boolean): Promise<void> {
    for (const [id, entry] of this.agents) {
      if (!predicate(id)) continue;
      this.agents.delete(id);
      await entry.agent.close();
    }
  }

  /** Closes every pool; `force` also aborts requests and connections still in flight. */
  async close(force = false): Promise<void> {
    await Promise.all([...this.agents.values()].map((entry) => (force ? entry.agent.destroy() : entry.agent.close())));
    this.agents.clear();
  }
}
