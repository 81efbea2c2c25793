import type { DynamicModule, Type } from '@nestjs/common';
import type { RpcContract } from '@pve-nexus/contracts';
import { busInboxPrefix } from '@pve-nexus/contracts';
import { BusModule, type BusOptions } from '@pve-nexus/messaging';
import type { BaseEnv } from './config/base-env.js';
import type { HealthProbe, ServiceIdentity } from './health/health-probe.js';
import { NatsProbe } from './health/nats.probe.js';
import { OpsModule } from './ops/ops.module.js';
import { RedisModule, RedisProbe } from './redis/redis.module.js';

export interface ServiceModulesOptions {
  service: ServiceIdentity['service'];
  version: string;
  config: BaseEnv & { REDIS_URL?: string; REDIS_KEY_PREFIX?: string };
  /** Probes beyond NATS (always) and Redis (when the config has REDIS_URL). */
  extraProbes?: Type<HealthProbe>[];
  healthRpc?: RpcContract;
}

/** The modules every service process imports: the bus, Redis when configured, probes and metrics. */
export function serviceModules(options: ServiceModulesOptions): DynamicModule[] {
  const { config } = options;
  const redis = config.REDIS_URL ? RedisModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX ?? 'nexus:' }) : undefined;
  return [
    BusModule.forRoot(busOptionsOf(options.service, config)),
    ...(redis ? [redis] : []),
    OpsModule.forRoot({
      service: options.service,
      version: options.version,
      probeTimeoutMs: config.HEALTH_PROBE_TIMEOUT_MS,
      probes: [NatsProbe, ...(redis ? [RedisProbe] : []), ...(options.extraProbes ?? [])],
      ...(options.healthRpc ? { healthRpc: options.healthRpc } : {}),
    }),
  ];
}

/** How a service joins the bus, from its configuration: its own user, inbox and signing key. */
export function busOptionsOf(service: ServiceIdentity['service'], config: BaseEnv): BusOptions {
  return {
    servers: config.NATS_URL,
    name: service,
    requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    user: config.NATS_USER ?? service,
    password: config.NATS_PASSWORD,
    inboxPrefix: busInboxPrefix(service),
    signer: { service, key: config.NEXUS_BUS_SIGNING_KEY },
    publicKeys: config.NEXUS_BUS_PUBLIC_KEYS,
  };
}
