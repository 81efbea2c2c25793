import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerConnection, TaskView } from '@pve-nexus/contracts';
import type { PveTaskStatus } from '@pve-nexus/proxmox-client';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';
import { ProxmoxFleetRepository } from './proxmox-fleet.repository.js';

const KEEP_MS = 30 * 60_000;
const MAX_RECORDS = 50_000;

/** What Proxmox's task status means for a person: stopped with `OK` or `WARNINGS: n` is a success. */
export function taskView(status: PveTaskStatus): TaskView {
  if (status.status === 'running') return { upid: status.upid, status: 'running' };
  const exitStatus = status.exitstatus ?? 'unknown';
  return { upid: status.upid, status: 'stopped', exitStatus, ok: exitStatus === 'OK' || /^WARNINGS: \d+$/.test(exitStatus) };
}

/**
 * Follows the tasks this executor started, in the background, until they stop (or
 * `taskFollowMaxMs`), and keeps their last known state in memory for `task.get`. Records are per
 * process: a task started by another replica, or before a restart, is read from Proxmox instead.
 */
@Injectable()
export class TaskTracker implements OnApplicationShutdown {
  private readonly logger = new Logger(TaskTracker.name);
  private readonly records = new Map<string, { view: TaskView; keepUntil: number }>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly proxmox: ProxmoxFleetRepository,
    @Inject(FLEET_OPTIONS) private readonly options: FleetOptions,
  ) {}

  /** Starts following a task; returns at once. */
  follow(tenantId: string, serverId: string, node: string, upid: string, connection: ServerConnection): void {
    const key = recordKey(tenantId, serverId, upid);
    this.record(key, { upid, status: 'running' });
    void this.poll(key, node, upid, connection).catch((error: unknown) => this.logger.warn(`following ${upid} stopped: ${(error as Error).message}`));
  }

  /** The last state seen of a followed task, if this process follows (or followed) it. */
  get(tenantId: string, serverId: string, upid: string): TaskView | undefined {
    return this.records.get(recordKey(tenantId, serverId, upid))?.view;
  }

  onApplicationShutdown(): void {
    this.stopping.abort();
  }

  private async poll(key: string, node: string, upid: string, connection: ServerConnection): Promise<void> {
    const deadline = Date.now() + this.options.taskFollowMaxMs;
    const signal = this.stopping.signal;
    while (!signal.aborted && Date.now() < deadline) {
      await sleep(this.options.taskPollIntervalMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const view = taskView(await this.proxmox.taskStatus(connection, node, upid, connection.connectTimeoutMs));
        this.record(key, view);
        if (view.status === 'stopped') return;
      } catch (error) {
        // A lost answer is retried at the next tick; the deadline bounds how long.
        this.logger.debug(`task ${upid}: ${(error as Error).message}`);
      }
    }
    // No longer followed: forget the stale "running" so task.get asks Proxmox.
    if (this.records.get(key)?.view.status === 'running') this.records.delete(key);
  }

  private record(key: string, view: TaskView): void {
    const now = Date.now();
    this.records.delete(key);
    this.records.set(key, { view, keepUntil: now + KEEP_MS });
    for (const [other, value] of this.records) {
      if (value.keepUntil > now && this.records.size <= MAX_RECORDS) break;
      this.records.delete(other);
    }
  }
}

function recordKey(tenantId: string, serverId: string, upid: string): string {
  return `${tenantId}:${serverId}:${upid}`;
}
