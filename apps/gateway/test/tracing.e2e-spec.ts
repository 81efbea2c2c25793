import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOtlpReceiver, startStack, waitFor, type OtlpReceiver, type Stack } from '@pve-nexus/testing';

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

describe('one trace across processes', () => {
  let stack: Stack;
  let collector: OtlpReceiver;

  beforeAll(async () => {
    collector = await startOtlpReceiver();
    stack = await startStack({
      services: ['inventory', 'gateway'],
      env: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  it('shares the trace id of the browser request between the gateway span and the inventory span', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${stack.gatewayUrl}/api/v1/health`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });

    const ofTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    await waitFor('gateway and inventory spans', async () =>
      ofTrace().some((span) => span.service === 'inventory') && ofTrace().some((span) => span.name === 'inventory.health.check request'),
    );
    const gatewayHttp = ofTrace().find((span) => span.service === 'gateway' && span.kind === SPAN_KIND_SERVER);
    const gatewayBus = ofTrace().find((span) => span.service === 'gateway' && span.name === 'inventory.health.check request');
    const inventory = ofTrace().find((span) => span.service === 'inventory' && span.name === 'inventory.health.check process');

    // Express middleware spans may sit between the HTTP span and ours: walk up the parents.
    const ancestorsOf = (spanId: string | undefined): string[] => {
      const span = ofTrace().find((candidate) => candidate.spanId === spanId);
      return span?.parentSpanId ? [span.parentSpanId, ...ancestorsOf(span.parentSpanId)] : [];
    };

    expect(gatewayHttp).toBeDefined();
    expect(gatewayBus?.kind).toBe(SPAN_KIND_CLIENT);
    expect(ancestorsOf(gatewayBus?.spanId)).toContain(gatewayHttp?.spanId);
    expect(inventory).toMatchObject({ kind: SPAN_KIND_SERVER, parentSpanId: gatewayBus?.spanId });
  });
});
