import { Inject, Injectable } from '@nestjs/common';
import { HealthRpc, NexusError, type ServiceHealthEntry, type SystemHealth } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { HealthReporter } from '@pve-nexus/service-kit';
import { randomUUID } from 'node:crypto';

export const HEALTH_RPC_TIMEOUT_MS = Symbol('HEALTH_RPC_TIMEOUT_MS');

/** Asks every service for its health over the bus, all at once, each bounded by the health timeout. */
@Injectable()
export class SystemHealthService {
  constructor(
    private readonly bus: BusClient,
    private readonly self: HealthReporter,
    @Inject(HEALTH_RPC_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async check(): Promise<SystemHealth> {
    const requestId = randomUUID();
    const services = await Promise.all([
      this.self.report(),
      ...Object.values(HealthRpc).map((contract) => this.ask(contract, requestId)),
    ]);
    return {
      status: services.every((service) => service.status === 'up') ? 'up' : 'down',
      checkedAt: new Date().toISOString(),
      services,
    };
  }

  private async ask(contract: (typeof HealthRpc)[keyof typeof HealthRpc], requestId: string): Promise<ServiceHealthEntry> {
    const service = contract.subject.split('.')[0] as ServiceHealthEntry['service'];
    const started = performance.now();
    try {
      const health = await this.bus.request(contract, {}, { actor: { type: 'system', name: 'gateway-health' }, requestId }, { timeoutMs: this.timeoutMs });
      return { ...health, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      return {
        service,
        status: 'down',
        dependencies: [],
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        error: error instanceof NexusError ? error.message : 'unreachable',
      };
    }
  }
}
