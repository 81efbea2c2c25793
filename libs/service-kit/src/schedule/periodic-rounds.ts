import { Logger } from '@nestjs/common';

/**
 * Runs a round of work every interval in the background: a round still running when the next is due
 * makes that one skip (so rounds never pile up under load), and a failed round is logged and left to
 * the next. `intervalMs` 0 never starts.
 */
export class PeriodicRounds {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.intervalMs === 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round now, unless one is running. */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.round();
    } catch (error) {
      this.logger.warn(`${this.name} round failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
