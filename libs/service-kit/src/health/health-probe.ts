/** One dependency a service needs; `check` resolves when it is usable and rejects with why not. */
export interface HealthProbe {
  readonly name: string;
  check(): Promise<void>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');

/** Who this process is, as reported by its health check. */
export interface ServiceIdentity {
  service: 'gateway' | 'inventory' | 'discovery' | 'executor' | 'console-relay';
  version: string;
  instanceId: string;
  /** Per-dependency check timeout in ms. */
  probeTimeoutMs: number;
}

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
