import { Controller, Get, Header, HttpCode, Res, SetMetadata } from '@nestjs/common';
import type { Response } from 'express';
import { metricsRegistry } from '@pve-nexus/observability';
import { HealthReporter } from '../health/health.reporter.js';

/**
 * Marks the orchestrator's probes and the metrics scrape: they answer without credentials (the
 * gateway's auth guard lets exactly these through; NetworkPolicies keep them cluster-internal).
 */
export const PROBE_ROUTE = Symbol('PROBE_ROUTE');

/** Probes for the orchestrator and the scrape endpoint; on every process, outside `/api`. */
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

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    const registry = metricsRegistry();
    res.type(registry.contentType);
    return registry.metrics();
  }
}
