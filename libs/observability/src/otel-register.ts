// Loaded with `node --import @pve-nexus/observability/otel-register dist/main.js`: the ESM loader hook
// must be registered before the instrumented libraries are imported, so the SDK starts here, first.
import { register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
const { startTelemetry } = await import('./tracing/telemetry.js');
startTelemetry();
