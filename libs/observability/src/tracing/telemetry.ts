import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

let sdk: NodeSDK | undefined;

/**
 * Query parameters blanked in outgoing spans' `url.full`: the instrumentation's own list (the option
 * replaces it) plus Proxmox's console ticket, which the relay's `vncwebsocket` request carries.
 */
const REDACTED_QUERY_PARAMS = ['sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'vncticket'];

/**
 * Starts the OpenTelemetry Node SDK once per process. Exporters come from the standard `OTEL_*`
 * variables; when none is named nothing is exported, but spans are still created so that trace ids
 * reach the logs and travel on the bus.
 */
export function startTelemetry(): void {
  if (sdk) return;
  const tracesExporter = process.env.OTEL_TRACES_EXPORTER;
  const exportTraces = tracesExporter !== undefined && tracesExporter !== '' && tracesExporter !== 'none';
  // The SDK defaults metrics and logs to OTLP; Prometheus scraping of /metrics is our default instead.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({
    ...(exportTraces ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbePath(req.url), redactedQueryParams: REDACTED_QUERY_PARAMS }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes pending spans; called on shutdown so the last requests are not lost. */
export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}

function isProbePath(url: string | undefined): boolean {
  return url === '/livez' || url === '/readyz' || url === '/metrics';
}
