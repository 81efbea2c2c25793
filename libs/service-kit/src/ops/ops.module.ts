import { Module, type DynamicModule, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { hostname } from 'node:os';
import { shutdownTelemetry } from '@pve-nexus/observability';
import { HEALTH_PROBES, SERVICE_IDENTITY, type HealthProbe, type ServiceIdentity } from '../health/health-probe.js';
import { HealthReporter } from '../health/health.reporter.js';
import { OpsController } from './ops.controller.js';
import { healthRpcController } from '../health/health-rpc.controller.js';
import type { RpcContract } from '@pve-nexus/contracts';

export interface OpsOptions extends Omit<ServiceIdentity, 'instanceId'> {
  /** Probe classes (RedisProbe, NatsProbe, PrismaProbe...); provided here, their own dependencies come from global modules. */
  probes: Type<HealthProbe>[];
  /** The service's `<service>.health.check` contract; omitted by the gateway, which is not on the bus as a handler. */
  healthRpc?: RpcContract;
}

class TelemetryFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}

/** `/livez`, `/readyz` and the {@link HealthReporter} behind `<service>.health.check`. */
@Module({})
export class OpsModule {
  static forRoot(options: OpsOptions): DynamicModule {
    const identity: ServiceIdentity = {
      service: options.service,
      version: options.version,
      probeTimeoutMs: options.probeTimeoutMs,
      instanceId: `${hostname()}:${process.pid}`,
    };
    return {
      module: OpsModule,
      global: true,
      controllers: options.healthRpc ? [OpsController, healthRpcController(options.healthRpc)] : [OpsController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: identity },
        { provide: HEALTH_PROBES, useFactory: (...probes: HealthProbe[]) => probes, inject: options.probes },
        ...options.probes,
        HealthReporter,
        TelemetryFlush,
      ],
      exports: [HealthReporter, SERVICE_IDENTITY],
    };
  }
}
