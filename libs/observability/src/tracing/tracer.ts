import { trace, type Tracer } from '@opentelemetry/api';

/** The tracer for spans the code creates itself (bus requests and handlers, upstream calls). */
export function nexusTracer(): Tracer {
  return trace.getTracer('pve-nexus');
}
