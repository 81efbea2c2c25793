import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ServerHealthRpc, type CheckResult, type DueCheck, type RequestMeta, type TailnetPath } from '@pve-nexus/contracts';
import { BusClient, EventPublisher } from '@pve-nexus/messaging';
import { PeriodicRounds } from '@pve-nexus/service-kit';
import { ProxmoxError } from '@pve-nexus/proxmox-client';
import { readTailnetPath } from '@pve-nexus/reachability';
import { ProxmoxFleetRepository } from '../fleet/proxmox-fleet.repository.js';
import { ServerConnections } from '../fleet/server-connections.service.js';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options.js';
import { HealthLeaseRepository } from './health-lease.repository.js';
import { statusChange } from './server-status.util.js';

const ACTOR = { type: 'system', name: 'executor-health' } as const;
const PAGE = 1_000;

/** A check's result, and why it failed in words (events carry those; inventory stores the class only). */
interface Checked {
  result: CheckResult;
  failure?: string;
}

/**
 * Checks every server of every active tenant once per interval: GET /version with the timeout
 * inventory learned for the server, and records the result there (which derives the status and
 * audits its changes). Replicas share the work through a Redis lease per server, so each server is
 * checked about once per interval however many executors run. When a recorded check turns a server
 * from answering to not answering or back, a `server.status` event says so (see {@link statusChange}).
 */
@Injectable()
export class HealthScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HealthScheduler.name);
  private readonly rounds: PeriodicRounds;

  constructor(
    private readonly bus: BusClient,
    private readonly connections: ServerConnections,
    private readonly proxmox: ProxmoxFleetRepository,
    private readonly leases: HealthLeaseRepository,
    private readonly events: EventPublisher,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {
    this.rounds = new PeriodicRounds('health', options.intervalMs, () => this.round());
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): void {
    this.rounds.stop();
  }

  private async round(): Promise<void> {
    const meta: RequestMeta = { actor: ACTOR, requestId: `health-${randomUUID()}` };
    const queue: DueCheck[] = [];
    let after: string | undefined;
    do {
      const page = await this.bus.request(ServerHealthRpc.dueChecks, { limit: PAGE, ...(after ? { after } : {}) }, meta);
      queue.push(...page.servers);
      after = page.nextAfter ?? undefined;
    } while (after);
    const workers = Array.from({ length: Math.min(this.options.concurrency, queue.length) }, async () => {
      for (let server = queue.shift(); server; server = queue.shift()) await this.checkIfLeased(server);
    });
    await Promise.all(workers);
  }

  private async checkIfLeased(server: DueCheck): Promise<void> {
    try {
      if (!(await this.leases.acquire(server.serverId, this.options.intervalMs))) return;
      const meta: RequestMeta = { actor: ACTOR, tenantId: server.tenantId, requestId: `health-${randomUUID()}` };
      const { result, failure } = await this.check(server, meta);
      const recorded = await this.bus.request(ServerHealthRpc.recordCheck, result, meta);
      const change = statusChange(recorded.previousStatus, result, failure);
      if (change) await this.events.publish({ kind: 'server.status', tenantId: server.tenantId, occurredAt: result.checkedAt, data: change });
    } catch (error) {
      // Inventory or Redis unavailable: no result is better than a wrong one; the next round retries.
      this.logger.warn(`health check of ${server.serverId} not recorded: ${(error as Error).message}`);
    }
  }

  private async check(server: DueCheck, meta: RequestMeta): Promise<Checked> {
    // Reused between checks (and with fleet lists) until the server changes: one audited decryption per TTL.
    const connection = await this.connections.get(meta, server.serverId, 'health-check', { version: server.version });
    const timeoutMs = server.learnedTimeoutMs ?? server.connectTimeoutMs;
    const checkedAt = new Date();
    const started = performance.now();
    try {
      await this.proxmox.version({ ...connection, connectTimeoutMs: Math.min(connection.connectTimeoutMs, timeoutMs) }, timeoutMs);
      const latencyMs = Math.round(performance.now() - started);
      const tailnetPath = connection.useTailscale && connection.tailscaleHostname ? await this.tailnetPath(connection.tailscaleHostname) : null;
      return { result: { tenantId: server.tenantId, serverId: server.serverId, checkedAt: checkedAt.toISOString(), ok: true, latencyMs, errorClass: null, tailnetPath } };
    } catch (error) {
      if (!(error instanceof ProxmoxError)) throw error;
      return {
        result: { tenantId: server.tenantId, serverId: server.serverId, checkedAt: checkedAt.toISOString(), ok: false, latencyMs: null, errorClass: error.reason, tailnetPath: null },
        failure: error.message,
      };
    }
  }

  /** Right after a check went through it, how the tailnet carried it (the sidecar's view); null when unknown. */
  private async tailnetPath(host: string): Promise<TailnetPath | null> {
    const socket = this.options.tailnetLocalApiSocket;
    if (!socket) return null;
    return readTailnetPath(socket, host).catch((error: unknown) => {
      this.logger.warn(`tailnet path of ${host} unknown: ${(error as Error).message}`);
      return null;
    });
  }
}
