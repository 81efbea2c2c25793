import { context, propagation, trace, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** Minimal view of NATS message headers (nats.js `MsgHdrs`), so this file does not depend on nats. */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
  has(key: string): boolean;
}

// W3C trace context explicitly, not the global propagator: the bus must carry `traceparent` even in
// a process (a test, a script) where the SDK was never started.
const w3c = new W3CTraceContextPropagator();

const setter: TextMapSetter<HeaderCarrier> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

export function injectTraceContext(carrier: HeaderCarrier, ctx: Context = context.active()): void {
  w3c.inject(ctx, carrier, setter);
}

export function extractTraceContext(carrier: HeaderCarrier | undefined): Context {
  if (!carrier) return context.active();
  return w3c.extract(context.active(), carrier, getter);
}

/** The trace id of the active span, for logs and problem responses. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && spanContext.traceId !== '00000000000000000000000000000000' ? spanContext.traceId : undefined;
}

export { propagation };
