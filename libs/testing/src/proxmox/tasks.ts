import { splitTokenId } from './proxmox-auth.js';
import type { SimNode } from './proxmox-cluster.js';
import { encodeUpid } from './upid.util.js';

/** A worker task (what fork_worker starts and /nodes/{node}/tasks reports). */
export interface SimTask {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  /** `user@realm` or `user@realm!token` as in the UPID. */
  user: string;
  status: 'running' | 'stopped';
  /** 'OK', 'WARNINGS: n' or the error message (upid_read_status), once stopped. */
  exitstatus?: string;
  endtime?: number;
  /** Task log lines, ending with "TASK OK" / "TASK ERROR: ..." like the log file. */
  log: string[];
}

/** What a task's work yields when it ends: an error message fails it, like a `die` in the worker. */
export interface TaskOutcome {
  error?: string;
  /** Lines the worker printed before the final status line. */
  log?: string[];
}

/** Makes the next matching tasks fail with `message` instead of doing their work. */
export interface TaskFailureRule {
  /** How many tasks to fail (default 1). */
  count?: number;
  /** Only tasks of this type (qmstart, vzstop...). */
  type?: string;
  /** Only tasks for this guest. */
  vmid?: number;
  /** The task's exitstatus, e.g. "start failed: QEMU exited with code 1". */
  message: string;
}

const KEEP_PER_NODE = 500;

/** The tasks of one simulated cluster: creation, timed completion, failure injection, listing. */
export class TaskManager {
  private readonly tasks = new Map<string, SimTask>();
  private readonly perNode = new Map<string, SimTask[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failures: Array<TaskFailureRule & { remaining: number }> = [];

  /** How long a power task runs before it completes. */
  constructor(public durationMs: number) {}

  /**
   * Starts a task on `node`. Its `work` runs when the task ends (after `durationMs`, or when
   * `finish` is called for tasks without a duration), so concurrent tasks on one guest see each
   * other's effects in completion order, as they would under PVE's config lock.
   */
  start(options: { node: SimNode; type: string; id: string; user: string; durationMs?: number | null; work?: () => TaskOutcome | void }): SimTask {
    const now = Date.now();
    const { node } = options;
    const pid = node.nextPid++;
    // pstart is the worker's start time in clock ticks since boot (USER_HZ = 100).
    const pstart = Math.floor((now - node.bootedAt) / 10);
    const starttime = Math.floor(now / 1000);
    const task: SimTask = {
      upid: encodeUpid({ node: node.name, pid, pstart, starttime, type: options.type, id: options.id, user: options.user }),
      node: node.name,
      pid,
      pstart,
      starttime,
      type: options.type,
      id: options.id,
      user: options.user,
      status: 'running',
      log: [],
    };
    this.tasks.set(task.upid, task);
    const list = this.perNode.get(node.name) ?? [];
    list.push(task);
    if (list.length > KEEP_PER_NODE) for (const old of list.splice(0, list.length - KEEP_PER_NODE)) this.tasks.delete(old.upid);
    this.perNode.set(node.name, list);
    const duration = options.durationMs === undefined ? this.durationMs : options.durationMs;
    if (duration !== null) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.finish(task, options.work);
      }, duration);
      timer.unref();
      this.timers.add(timer);
    }
    return task;
  }

  /** Ends a running task: an injected failure, else its work, decides the exit status. */
  finish(task: SimTask, work?: () => TaskOutcome | void): void {
    if (task.status !== 'running') return;
    const failure = this.takeFailure(task);
    let outcome: TaskOutcome | void;
    try {
      outcome = failure ? { error: failure } : work?.();
    } catch (error) {
      outcome = { error: error instanceof Error ? error.message : String(error) };
    }
    task.log.push(...(outcome?.log ?? []));
    // upid_read_status reads the last line: "TASK OK" -> OK, "TASK ERROR: msg" -> msg.
    const error = outcome?.error?.replace(/\n+$/, '');
    task.log.push(error ? `TASK ERROR: ${error}` : 'TASK OK');
    task.exitstatus = error ?? 'OK';
    task.endtime = Math.floor(Date.now() / 1000);
    task.status = 'stopped';
  }

  failNext(rule: TaskFailureRule): void {
    this.failures.push({ ...rule, remaining: rule.count ?? 1 });
  }

  private takeFailure(task: SimTask): string | undefined {
    const rule = this.failures.find((candidate) => (!candidate.type || candidate.type === task.type) && (candidate.vmid === undefined || String(candidate.vmid) === task.id));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return rule.message;
  }

  get(upid: string): SimTask | undefined {
    return this.tasks.get(upid);
  }

  /** Tasks of `node`, newest first. */
  list(node: string): SimTask[] {
    return [...(this.perNode.get(node) ?? [])].reverse();
  }

  /** Cancels pending completions (server close). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * The status object of GET /nodes/{node}/tasks/{upid}/status (pve-manager PVE/API2/Tasks.pm
 * read_task_status): upid_decode's fields plus status/upid/exitstatus; for token tasks `user` is
 * split into user and `tokenid` (convert_token_task).
 */
export function taskStatusView(task: SimTask): Record<string, unknown> {
  const view: Record<string, unknown> = {
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...userFields(task.user),
    status: task.status,
    upid: task.upid,
  };
  if (task.status === 'stopped') view.exitstatus = task.exitstatus;
  return view;
}

/** One entry of GET /nodes/{node}/tasks: finished tasks carry endtime and status (the exit status). */
export function taskListView(task: SimTask): Record<string, unknown> {
  const view: Record<string, unknown> = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...userFields(task.user),
  };
  if (task.status === 'stopped') {
    view.endtime = task.endtime;
    view.status = task.exitstatus;
  } else {
    view.status = 'RUNNING';
  }
  return view;
}

function userFields(user: string): Record<string, string> {
  const token = splitTokenId(user);
  return token ? { user: token.user, tokenid: token.name } : { user };
}
