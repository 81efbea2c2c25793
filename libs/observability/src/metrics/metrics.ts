import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, served at `/metrics`. Default Node metrics (event loop lag,
 * heap, GC) plus the bus metrics below; each service adds its own with {@link metricsRegistry}.
 */
let registry: Registry | undefined;

export function metricsRegistry(service?: string): Registry {
  if (!registry) {
    registry = new Registry();
    if (service) registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}

let busMetrics: { requests: Counter<'subject' | 'outcome'>; duration: Histogram<'subject' | 'side'> } | undefined;

/** Counters and latency of bus requests, on the calling side (`client`) and the handling side (`server`). */
export function bus() {
  if (!busMetrics) {
    const registers = [metricsRegistry()];
    busMetrics = {
      requests: new Counter({
        name: 'nexus_bus_requests_total',
        help: 'Bus requests by subject and outcome (ok or the error code)',
        labelNames: ['subject', 'outcome'],
        registers,
      }),
      duration: new Histogram({
        name: 'nexus_bus_request_duration_seconds',
        help: 'Bus request latency, as seen by the caller (client) and the handler (server)',
        labelNames: ['subject', 'side'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
    };
  }
  return busMetrics;
}
