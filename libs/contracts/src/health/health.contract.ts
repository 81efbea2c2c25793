import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';

/** The processes of the system. */
export const ServiceName = z.enum(['gateway', 'inventory', 'discovery', 'executor', 'console-relay']);
export type ServiceName = z.infer<typeof ServiceName>;

export const HealthState = z.enum(['up', 'down']);
export type HealthState = z.infer<typeof HealthState>;

/** The state of one thing a service needs (PostgreSQL, Redis, NATS...). */
export const DependencyHealth = z.object({
  name: z.string(),
  status: HealthState,
  latencyMs: z.number().nonnegative().optional(),
  /** Why it is down; never holds connection strings or credentials. */
  error: z.string().optional(),
});
export type DependencyHealth = z.infer<typeof DependencyHealth>;

/** What one service says of itself. `status` is `down` when any of its dependencies is. */
export const ServiceHealth = z.object({
  service: ServiceName,
  status: HealthState,
  version: z.string(),
  instanceId: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  dependencies: z.array(DependencyHealth),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

/** One row of the system view: what the service said, or why it could not be asked. */
export const ServiceHealthEntry = ServiceHealth.partial({ version: true, instanceId: true, uptimeSeconds: true }).extend({
  /** Round trip of the health request over NATS, as the gateway measured it. */
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
});
export type ServiceHealthEntry = z.infer<typeof ServiceHealthEntry>;

/** `GET /api/v1/health`: the gateway and every service behind it. HTTP 503 when `status` is `down`. */
export const SystemHealth = z.object({
  status: HealthState,
  checkedAt: z.iso.datetime(),
  services: z.array(ServiceHealthEntry),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const HealthCheckRequest = z.object({}).strict();

function healthCheck(service: Exclude<ServiceName, 'gateway'>) {
  return defineRpc(`${service}.health.check`, HealthCheckRequest, ServiceHealth);
}

/** `<service>.health.check` for every service behind the gateway. */
export const HealthRpc = {
  inventory: healthCheck('inventory'),
  discovery: healthCheck('discovery'),
  executor: healthCheck('executor'),
  'console-relay': healthCheck('console-relay'),
} as const;
