import { Controller, Get, HttpCode, Res, SetMetadata } from '@nestjs/common';
import type { Response } from 'express';
import { HealthReporter } from '../health/health.reporter.js';

/**
 * Marks the orchestrator's probes: they answer without credentials (the gateway's auth guard lets
 * exactly these through). `/metrics` is not here: it has its own loopback listener (metrics-listener.ts).
 */
export const PROBE_ROUTE = Symbol('PROBE_ROUTE');

/** Probes for the orchestrator; on every process, outside `/api`. */
@Controller()
@SetMetadata(PROBE_ROUTE, true)
export class OpsController {
  constructor(private readonly health: HealthReporter) {}

  /** The process is alive (its event loop answers). Never checks dependencies: a restart would not fix them. */
  @Get('livez')
  @HttpCode(200)
  livez(): { status: 'up' } {
    return { status: 'up' };
  }

  /** The process can do its work: every dependency is up. 503 takes it out of load balancing. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: Response) {
    const report = await this.health.report();
    res.status(report.status === 'up' ? 200 : 503);
    return report;
  }
}
