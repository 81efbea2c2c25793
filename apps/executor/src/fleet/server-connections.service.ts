import { Inject, Injectable } from '@nestjs/common';
import { ServerRpc, type RequestMeta, type ServerConnection } from '@pve-nexus/contracts';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';

const MAX_ENTRIES = 20_000;

interface Entry {
  connection: ServerConnection;
  /** What the server looked like when fetched (`updatedAt` and pins), when known. */
  version: string | undefined;
  expiresAt: number;
}

/**
 * Decrypted server connections, kept in memory for a short time (`connectionCacheTtlMs`, 60 s by
 * default), per tenant and server.
 *
 * Why: inventory audits every decryption (`credential.decrypt`), which is right for a person's
 * action but would write one audit row per server per fleet list, every few seconds, for each
 * open browser. Reads (fleet list, task status) therefore reuse a connection for the TTL: the audit
 * trail then says "decrypted for fleet-list" once a minute per server instead of on every refresh.
 * Power actions do not use the cache ({@link fresh}), so each one leaves its own audit row.
 *
 * The tokens stay in this process's memory only, never in Redis or a log. A caller that knows the
 * server's current `version` (from the server list) gets a fresh connection as soon as the server
 * changed (token replaced, address edited, pins accepted), so the TTL only bounds how long a
 * change made elsewhere can go unseen by task-status reads.
 */
@Injectable()
export class ServerConnections {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<ServerConnection>>();

  constructor(
    private readonly bus: BusClient,
    @Inject(FLEET_OPTIONS) private readonly options: FleetOptions,
  ) {}

  /** A connection from the cache when still valid (and of `version`, when given), else from inventory. */
  async get(meta: RequestMeta, serverId: string, purpose: string, options: { version?: string; timeoutMs?: number } = {}): Promise<ServerConnection> {
    const key = `${requireTenant(meta)}:${serverId}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now && (options.version === undefined || cached.version === options.version)) return cached.connection;
    // Concurrent lists share one decryption.
    const pendingKey = `${key}:${options.version ?? ''}`;
    const running = this.pending.get(pendingKey);
    if (running) return running;
    const fetched = this.fresh(meta, serverId, purpose, options.timeoutMs)
      .then((connection) => {
        this.store(key, { connection, version: options.version, expiresAt: Date.now() + this.options.connectionCacheTtlMs });
        return connection;
      })
      .finally(() => this.pending.delete(pendingKey));
    this.pending.set(pendingKey, fetched);
    return fetched;
  }

  /** Always from inventory (audited there), never cached. */
  fresh(meta: RequestMeta, serverId: string, purpose: string, timeoutMs?: number): Promise<ServerConnection> {
    return this.bus.request(ServerRpc.connection, { serverId, purpose }, meta, timeoutMs === undefined ? {} : { timeoutMs });
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= MAX_ENTRIES) return;
    const now = Date.now();
    for (const [other, value] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES) break;
      // Oldest first (Map keeps insertion order); expired ones are dropped on the way.
      if (value.expiresAt <= now || this.entries.size > MAX_ENTRIES) this.entries.delete(other);
    }
  }
}
