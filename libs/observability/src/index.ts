export * from './logging/logger.js';
export * from './logging/nest-logger.js';
export * from './logging/redaction.js';
export * from './metrics/metrics.js';
export * from './tracing/telemetry.js';
export * from './tracing/trace-headers.js';
export * from './tracing/tracer.js';
