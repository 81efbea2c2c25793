import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '../infra/free-port.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ServiceProcessOptions {
  /** The app folder under apps/ (its built dist/main.js is run). */
  app: string;
  env: Record<string, string>;
  /** Port of its HTTP listener, polled on /readyz. */
  httpPort: number;
  /** Port of its loopback `/metrics` listener (METRICS_PORT); a free one when omitted. */
  metricsPort?: number;
}

/**
 * One built service run as its own process, exactly as `npm run up` runs it (with the OpenTelemetry
 * loader). Output is kept in memory so a failing test can show it.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly output: string[] = [];
  private metricsPort: number | undefined;

  constructor(readonly options: ServiceProcessOptions) {
    this.metricsPort = options.metricsPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.httpPort}`;
  }

  /** Base URL of its separate loopback metrics listener (`${metricsUrl}/metrics`). */
  get metricsUrl(): string {
    if (this.metricsPort === undefined) throw new Error(`${this.options.app} has not started`);
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.metricsPort ??= await freePort();
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--import', '@pve-nexus/observability/otel-register', 'dist/main.js'],
      {
        cwd: `${REPO_ROOT}apps/${this.options.app}`,
        env: { ...process.env, ...this.options.env, HTTP_PORT: String(this.options.httpPort), HTTP_HOST: '127.0.0.1', METRICS_PORT: String(this.metricsPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 500) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(`${this.options.app} /readyz`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.options.app} exited (${child.exitCode}):\n${this.output.join('')}`);
      return (await fetch(`${this.url}/readyz`)).ok;
      // Generous: on a busy two-core machine several services starting at once take their time.
    }, 120_000);
  }

  /** Sends a signal without waiting: SIGSTOP/SIGCONT freeze and thaw the process (a hung service). */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** SIGTERM and wait for the exit; SIGKILL (a crash) when `signal` says so. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
