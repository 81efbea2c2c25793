import { Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import { connectionVersion, HealthStatus, NexusError, type RequestMeta, type RpcRequestData, type RpcResponse, type ServerHealthRpc, type ServerHealthView } from '@pve-nexus/contracts';
import { requireTenant } from '@pve-nexus/messaging';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { healthStatus, hourOf, LEARNING_WINDOW, learnedTimeoutMs } from './learned-timeout.util.js';
import { ServerHealthRepository } from './server-health.repository.js';
import { tailnetPathOf } from './server.mapper.js';

const RECENT = 20;

/**
 * Health checks, as inventory sees them: which servers to check, recording a result (raw row, hourly
 * rollup, learned timeout, status, and an audit entry when the status changes), and the health page.
 */
@Injectable()
export class ServerHealthService {
  constructor(
    private readonly health: ServerHealthRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async dueChecks(request: RpcRequestData<typeof ServerHealthRpc.dueChecks>, meta: RequestMeta): Promise<RpcResponse<typeof ServerHealthRpc.dueChecks>> {
    authorize(meta.actor, 'server.health.record');
    const rows = await this.health.due(request.limit + 1, request.after);
    const page = rows.slice(0, request.limit);
    return {
      servers: page.map((row) => ({
        tenantId: row.tenantId,
        serverId: row.id,
        connectTimeoutMs: row.connectTimeoutMs,
        learnedTimeoutMs: row.learnedTimeoutMs,
        version: connectionVersion({ updatedAt: row.updatedAt.toISOString(), pins: row.pins }),
      })),
      nextAfter: rows.length > request.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async recordCheck(check: RpcRequestData<typeof ServerHealthRpc.recordCheck>, meta: RequestMeta): Promise<RpcResponse<typeof ServerHealthRpc.recordCheck>> {
    authorize(meta.actor, 'server.health.record');
    const checkedAt = new Date(check.checkedAt);
    return this.uow.run(async (tx) => {
      const server = await this.health.lock(tx, check.tenantId, check.serverId);
      if (!server) throw new NexusError('NOT_FOUND', 'No such server');
      const previousOk = await this.health.lastOk(tx, server.id);
      const path = check.tailnetPath;
      await this.health.insert(tx, { serverId: server.id, checkedAt, ok: check.ok, latencyMs: check.latencyMs, errorClass: check.errorClass, tailnetPath: path?.kind ?? null, tailnetRelay: path?.relay ?? null }, hourOf(checkedAt));
      const learned = check.ok ? learnedTimeoutMs(await this.health.okLatencies(tx, server.id, LEARNING_WINDOW), server.connect_timeout_ms) : null;
      const status = healthStatus(check.ok, previousOk);
      const previous = HealthStatus.safeParse(server.last_health_status);
      const previousStatus = previous.success ? previous.data : null;
      await this.health.setHealth(tx, server.id, { status, at: checkedAt, learnedTimeoutMs: learned, tailnetPath: path });
      if (status !== previousStatus) {
        await this.audit.append(
          {
            tenantId: check.tenantId,
            actor: meta.actor,
            action: 'server.status',
            outcome: 'success',
            targetType: 'server',
            targetId: server.id,
            requestId: meta.requestId,
            details: { from: previousStatus, to: status, errorClass: check.errorClass },
          },
          tx,
        );
      }
      return { status, previousStatus, learnedTimeoutMs: learned };
    });
  }

  async view(request: RpcRequestData<typeof ServerHealthRpc.health>, meta: RequestMeta): Promise<ServerHealthView> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.read', { tenantId });
    const server = await this.health.server(tenantId, request.serverId);
    if (!server) throw new NexusError('NOT_FOUND', 'No such server');
    const since = hourOf(new Date(Date.now() - (request.hours - 1) * 3_600_000));
    const [hours, recent] = await Promise.all([this.health.hourly(server.id, since), this.health.recent(server.id, RECENT)]);
    const status = HealthStatus.safeParse(server.lastHealthStatus);
    return {
      serverId: server.id,
      status: status.success ? status.data : null,
      lastHealthAt: server.lastHealthAt?.toISOString() ?? null,
      learnedTimeoutMs: server.learnedTimeoutMs,
      hours: hours.map((row) => ({
        hour: row.hour.toISOString(),
        checks: row.checks,
        successRate: row.checks === 0 ? 0 : row.okCount / row.checks,
        avgLatencyMs: row.okCount === 0 ? null : Math.round((Number(row.latencySum) / row.okCount) * 10) / 10,
        maxLatencyMs: row.okCount === 0 ? null : row.latencyMax,
      })),
      recent: recent.map((row) => ({ checkedAt: row.checkedAt.toISOString(), ok: row.ok, latencyMs: row.latencyMs, errorClass: row.errorClass, tailnetPath: tailnetPathOf(row.tailnetPath, row.tailnetRelay) })),
    };
  }
}

