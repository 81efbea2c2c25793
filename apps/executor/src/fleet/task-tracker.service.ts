import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GuestType, ServerConnection, TaskProgressData, TaskView } from '@pve-nexus/contracts';
import { EventPublisher } from '@pve-nexus/messaging';
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

/** The guest a followed task acts on, and how (a power action). */
export interface TaskGuest {
  type: GuestType;
  vmid: number;
  action: string;
}

interface Followed {
  key: string;
  tenantId: string;
  serverId: string;
  node: string;
  upid: string;
  guest?: TaskGuest;
  connection: ServerConnection;
}

/**
 * Follows the tasks this executor started, in the background, until they stop (or
 * `taskFollowMaxMs`), and keeps their last known state in memory for `task.get`. Each state it sees
 * is also published as a `task.progress` event (when following starts, on each change, at the end),
 * and a finished action's guest state as `vm.state`; publishing never delays nor fails the task. Records are per
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
    private readonly events: EventPublisher,
  ) {}

  /** Starts following a task; returns at once. */
  follow(tenantId: string, serverId: string, node: string, upid: string, connection: ServerConnection, guest?: TaskGuest): void {
    const task: Followed = { key: recordKey(tenantId, serverId, upid), tenantId, serverId, node, upid, connection, ...(guest ? { guest } : {}) };
    this.update(task, { upid, status: 'running' });
    void this.poll(task).catch((error: unknown) => this.logger.warn(`following ${upid} stopped: ${(error as Error).message}`));
  }

  /** The last state seen of a followed task, if this process follows (or followed) it. */
  get(tenantId: string, serverId: string, upid: string): TaskView | undefined {
    return this.records.get(recordKey(tenantId, serverId, upid))?.view;
  }

  onApplicationShutdown(): void {
    this.stopping.abort();
  }

  private async poll(task: Followed): Promise<void> {
    const { key, node, upid, connection } = task;
    const deadline = Date.now() + this.options.taskFollowMaxMs;
    const signal = this.stopping.signal;
    while (!signal.aborted && Date.now() < deadline) {
      await sleep(this.options.taskPollIntervalMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const view = taskView(await this.proxmox.taskStatus(connection, node, upid, connection.connectTimeoutMs));
        this.update(task, view);
        if (view.status === 'stopped') {
          await this.publishGuestState(task);
          return;
        }
      } catch (error) {
        // A lost answer is retried at the next tick; the deadline bounds how long.
        this.logger.debug(`task ${upid}: ${(error as Error).message}`);
      }
    }
    // No longer followed: forget the stale "running" so task.get asks Proxmox.
    if (this.records.get(key)?.view.status === 'running') this.records.delete(key);
  }

  /** Records the task's state, and publishes it when it changed. */
  private update(task: Followed, view: TaskView): void {
    const previous = this.records.get(task.key)?.view;
    this.record(task.key, view);
    if (previous && previous.status === view.status && previous.exitStatus === view.exitStatus) return;
    const data: TaskProgressData = {
      ...view,
      serverId: task.serverId,
      node: task.node,
      ...(task.guest ? { vmid: task.guest.vmid, guestType: task.guest.type, action: task.guest.action } : {}),
    };
    void this.events.publish({ kind: 'task.progress', tenantId: task.tenantId, data });
  }

  /** After a finished action, the guest's state as Proxmox now reports it; a failed read publishes nothing. */
  private async publishGuestState(task: Followed): Promise<void> {
    if (!task.guest) return;
    const guest = { node: task.node, type: task.guest.type, vmid: task.guest.vmid };
    let status: string;
    try {
      status = await this.proxmox.guestStatus(task.connection, guest, task.connection.connectTimeoutMs);
    } catch (error) {
      this.logger.debug(`guest ${guest.vmid} state after ${task.upid}: ${(error as Error).message}`);
      return;
    }
    void this.events.publish({ kind: 'vm.state', tenantId: task.tenantId, data: { serverId: task.serverId, ...guest, status, upid: task.upid } });
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
