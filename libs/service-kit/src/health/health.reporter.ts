import { Inject, Injectable } from '@nestjs/common';
import type { DependencyHealth, ServiceHealth } from '@pve-nexus/contracts';
import { HEALTH_PROBES, SERVICE_IDENTITY, type HealthProbe, type ServiceIdentity } from './health-probe.js';

const startedAt = Date.now();

/** Checks every dependency of this process concurrently, each bounded by the probe timeout. */
@Injectable()
export class HealthReporter {
  constructor(
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbe[],
  ) {}

  async report(): Promise<ServiceHealth> {
    const dependencies = await Promise.all(this.probes.map((probe) => this.run(probe)));
    return {
      service: this.identity.service,
      status: dependencies.every((dependency) => dependency.status === 'up') ? 'up' : 'down',
      version: this.identity.version,
      instanceId: this.identity.instanceId,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      dependencies,
    };
  }

  private async run(probe: HealthProbe): Promise<DependencyHealth> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.identity.probeTimeoutMs} ms`)), this.identity.probeTimeoutMs);
    });
    try {
      await Promise.race([probe.check(), deadline]);
      return { name: probe.name, status: 'up', latencyMs: round(performance.now() - started) };
    } catch (error) {
      return { name: probe.name, status: 'down', latencyMs: round(performance.now() - started), error: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** A short reason without connection strings: only the error's code and first line. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  const firstLine = error.message.split('\n')[0]?.replace(/\w+:\/\/\S+/g, '[url]') ?? '';
  return typeof code === 'string' ? `${code}: ${firstLine}` : firstLine;
}
