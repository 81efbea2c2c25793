import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/**
 * Runs "$@" (the daemon) in this process group under a watchdog that reads the pipe from the Node
 * process on stdin: at EOF (the Node process is gone, even by SIGKILL, where no exit hook runs) it
 * kills the whole group. The shell itself ignores SIGTERM/SIGINT/SIGHUP so that a signal to the group
 * ends the daemon and the watchdog, and the shell's exit (with the daemon's status) means the daemon
 * has really exited.
 */
const WATCHDOG = `
exec 3<&0 </dev/null
{ cat <&3 >/dev/null; kill -KILL 0; } &
exec 3<&-
"$@" &
daemon=$!
trap '' TERM INT HUP
wait $daemon
status=$?
kill -TERM 0
exit $status
`;

/**
 * The long-running processes of a tailnet lab (headscale, tailscaled): each in its own process group
 * (detached), its output appended to a log file in the lab folder. Every one still running when this
 * Node process exits, or is ended by SIGINT/SIGTERM/SIGHUP, is killed with its group, and a watchdog
 * in the group kills it when the Node process disappears in any other way (SIGKILL, a crash, Jest's
 * sandboxed `process`), so a failing or interrupted test never leaves daemons behind.
 */
export class LabProcess {
  private child: ChildProcess | undefined;
  private exitPromise: Promise<void> = Promise.resolve();
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly name: string,
    readonly command: string,
    readonly args: string[],
    readonly logFile: string,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True from start() until the process has exited. */
  get running(): boolean {
    return this.child !== undefined && this.exitStatus === undefined;
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const log = openSync(this.logFile, 'a');
    try {
      const child = spawn('/bin/sh', ['-c', WATCHDOG, this.name, this.command, ...this.args], { detached: true, stdio: ['pipe', log, log], env: this.env });
      // The lab never keeps the test process alive; whatever is still running when it exits is killed.
      child.unref();
      child.stdin?.on('error', () => undefined);
      (child.stdin as Socket | null)?.unref();
      this.child = child;
      this.exitStatus = undefined;
      this.exitPromise = new Promise((resolve) => {
        child.once('error', (error) => {
          this.exitStatus ??= { code: null, signal: null };
          this.note(`could not start: ${error.message}`);
          resolve();
        });
        child.once('exit', (code, signal) => {
          this.exitStatus = { code, signal };
          resolve();
        });
      });
      void this.exitPromise.then(() => live.delete(this));
      live.add(this);
      installExitHooks();
    } finally {
      closeSync(log);
    }
  }

  /** Why it is not running (for error messages), or undefined while it runs. */
  exitDescription(): string | undefined {
    if (!this.exitStatus) return undefined;
    const { code, signal } = this.exitStatus;
    return signal ? `killed by ${signal}` : `exited with code ${code}`;
  }

  /** SIGTERM to its process group, then waits for the exit; SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** Sends a signal to its whole process group without waiting (SIGSTOP/SIGCONT freeze and thaw it). */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** The last `lines` lines of its log file. */
  logTail(lines = 40): string {
    return tailOfFile(this.logFile, lines);
  }

  private note(text: string): void {
    try {
      appendFileSync(this.logFile, `\n[lab] ${this.name} ${text}\n`);
    } catch {
      // the log is best effort
    }
  }
}

/** The last `lines` lines of a text file ('' when it cannot be read). */
export function tailOfFile(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const live = new Set<LabProcess>();
const exitCleanups = new Set<() => void>();
let hooksInstalled = false;

/** Runs `cleanup` (synchronous) if this process exits before the returned function is called. */
export function onProcessExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  installExitHooks();
  return () => exitCleanups.delete(cleanup);
}

function cleanUpAtExit(): void {
  for (const process of live) process.signalGroup('SIGKILL');
  live.clear();
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // keep going: the other clean-ups matter too
    }
  }
  exitCleanups.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', cleanUpAtExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanUpAtExit();
      // Nobody else handles the signal: keep its default meaning (end the process).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    // Only take a signal over when nobody else does (a CLI with its own SIGTERM handler stops labs itself).
    if (process.listenerCount(signal) === 0) process.once(signal, onSignal);
  }
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a short command (a headscale or tailscale CLI call) and returns its output; rejects with the
 * command line, its exit status and its output when it fails or outlives `timeoutMs`.
 */
export function runCommand(command: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const status = error.killed ? `was killed after ${timeoutMs} ms` : `failed (${error.code ?? error.message})`;
      const output = `${stdout}${stderr}`.trim();
      reject(new Error(`\`${[command.split('/').pop(), ...args].join(' ')}\` ${status}${output ? `:\n${output}` : ''}`));
    });
  });
}

/**
 * Polls `check` until it returns a value other than undefined/false, and returns that value. Rejects
 * after `timeoutMs` with what was awaited, the last error `check` threw and `detail()` (a log tail), or
 * at once when `gone()` says the process it waits for is no longer there.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; gone?: () => string | undefined; detail?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  const fail = (why: string) => {
    const detail = options.detail?.() ?? '';
    return new Error(`${why} waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}${detail ? `\n${detail}` : ''}`);
  };
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const gone = options.gone?.();
    if (gone) throw fail(gone);
    if (Date.now() > deadline) throw fail(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
