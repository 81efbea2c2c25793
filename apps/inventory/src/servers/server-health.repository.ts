import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@pve-nexus/db';
import type { Tx } from '../db/unit-of-work.repository.js';

/** Raw checks older than this are deleted when a newer check of the server is recorded. */
export const RAW_CHECK_RETENTION_MS = 48 * 3_600_000;

export interface DueServerRow {
  id: string;
  tenantId: string;
  connectTimeoutMs: number;
  learnedTimeoutMs: number | null;
  updatedAt: Date;
  pins: { node: string; fingerprint: string }[];
}

export interface LockedServer {
  id: string;
  tenant_id: string;
  connect_timeout_ms: number;
  last_health_status: string | null;
}

export interface NewCheck {
  serverId: string;
  checkedAt: Date;
  ok: boolean;
  latencyMs: number | null;
  errorClass: string | null;
  tailnetPath: string | null;
  tailnetRelay: string | null;
}

export interface HourlyRow {
  hour: Date;
  checks: number;
  okCount: number;
  latencySum: bigint;
  latencyMax: number;
}

export interface CheckRow {
  checkedAt: Date;
  ok: boolean;
  latencyMs: number | null;
  errorClass: string | null;
  tailnetPath: string | null;
  tailnetRelay: string | null;
}

/** Health checks of servers: raw rows (48 h), hourly rollups, and the health columns of the server. */
@Injectable()
export class ServerHealthRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Servers of active tenants, by id, after `after`. A server on trust-on-first-use with no accepted
   * fingerprint yet is not checked: it is not trusted yet, which is not the same as being down.
   */
  due(limit: number, after?: string): Promise<DueServerRow[]> {
    return this.prisma.proxmoxServer.findMany({
      where: {
        tenant: { active: true },
        OR: [{ tlsTrust: 'ca' }, { pins: { some: {} } }],
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true, tenantId: true, connectTimeoutMs: true, learnedTimeoutMs: true, updatedAt: true, pins: { select: { node: true, fingerprint: true }, orderBy: { node: 'asc' } } },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  /** The server row, locked until the transaction ends (two records of one server queue here). */
  async lock(tx: Tx, tenantId: string, serverId: string): Promise<LockedServer | null> {
    const [row] = await tx.$queryRaw<LockedServer[]>`
      SELECT id, tenant_id, connect_timeout_ms, last_health_status FROM proxmox_servers
      WHERE id = ${serverId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
    return row ?? null;
  }

  async lastOk(tx: Tx, serverId: string): Promise<boolean | null> {
    const last = await tx.serverCheck.findFirst({ where: { serverId }, orderBy: { checkedAt: 'desc' }, select: { ok: true } });
    return last?.ok ?? null;
  }

  /** Stores the check, adds it to its hour's rollup and drops the server's raw checks past retention. */
  async insert(tx: Tx, check: NewCheck, hour: Date): Promise<void> {
    await tx.serverCheck.create({ data: check });
    const okCount = check.ok ? 1 : 0;
    const latency = check.ok ? (check.latencyMs ?? 0) : 0;
    await tx.$executeRaw`
      INSERT INTO server_check_hourly (server_id, hour, checks, ok_count, latency_sum, latency_max)
      VALUES (${check.serverId}::uuid, ${hour}, 1, ${okCount}, ${latency}, ${latency})
      ON CONFLICT (server_id, hour) DO UPDATE SET
        checks = server_check_hourly.checks + 1,
        ok_count = server_check_hourly.ok_count + EXCLUDED.ok_count,
        latency_sum = server_check_hourly.latency_sum + EXCLUDED.latency_sum,
        latency_max = GREATEST(server_check_hourly.latency_max, EXCLUDED.latency_max)`;
    await tx.serverCheck.deleteMany({ where: { serverId: check.serverId, checkedAt: { lt: new Date(check.checkedAt.getTime() - RAW_CHECK_RETENTION_MS) } } });
  }

  /** Latencies of the server's last `count` ok checks, oldest first. */
  async okLatencies(tx: Tx, serverId: string, count: number): Promise<number[]> {
    const rows = await tx.serverCheck.findMany({
      where: { serverId, ok: true, latencyMs: { not: null } },
      orderBy: { checkedAt: 'desc' },
      take: count,
      select: { latencyMs: true },
    });
    return rows.map((row) => row.latencyMs!).reverse();
  }

  /** Raw SQL on purpose: a check is not an edit, so `updated_at` (the connection cache's key) must not move. */
  async setHealth(tx: Tx, serverId: string, health: { status: string; at: Date; learnedTimeoutMs: number | null; tailnetPath: { kind: string; relay: string | null } | null }): Promise<void> {
    await tx.$executeRaw`
      UPDATE proxmox_servers SET last_health_status = ${health.status}, last_health_at = ${health.at},
        learned_timeout_ms = COALESCE(${health.learnedTimeoutMs}::int, learned_timeout_ms),
        last_tailnet_path = COALESCE(${health.tailnetPath?.kind ?? null}::varchar, last_tailnet_path),
        last_tailnet_relay = CASE WHEN ${health.tailnetPath?.kind ?? null}::varchar IS NULL THEN last_tailnet_relay ELSE ${health.tailnetPath?.relay ?? null}::varchar END
      WHERE id = ${serverId}::uuid`;
  }

  hourly(serverId: string, since: Date): Promise<HourlyRow[]> {
    return this.prisma.serverCheckHourly.findMany({
      where: { serverId, hour: { gte: since } },
      orderBy: { hour: 'asc' },
      select: { hour: true, checks: true, okCount: true, latencySum: true, latencyMax: true },
    });
  }

  recent(serverId: string, count: number): Promise<CheckRow[]> {
    return this.prisma.serverCheck.findMany({
      where: { serverId },
      orderBy: { checkedAt: 'desc' },
      take: count,
      select: { checkedAt: true, ok: true, latencyMs: true, errorClass: true, tailnetPath: true, tailnetRelay: true },
    });
  }

  server(tenantId: string, serverId: string) {
    return this.prisma.proxmoxServer.findFirst({
      where: { id: serverId, tenantId },
      select: { id: true, lastHealthStatus: true, lastHealthAt: true, learnedTimeoutMs: true },
    });
  }
}
