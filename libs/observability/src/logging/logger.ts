import { pino, type Logger, type DestinationStream } from 'pino';
import { trace } from '@opentelemetry/api';
import { redact, redactText } from './redaction.js';

export type { Logger };

export interface LoggerOptions {
  service: string;
  version?: string;
  /** pino level; default `info`. */
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/**
 * JSON logs, one line per event, with the active trace and span ids, and every secret removed
 * (by key anywhere in the object, and by shape inside free text).
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, ...(options.version ? { version: options.version } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
      mixin() {
        const spanContext = trace.getActiveSpan()?.spanContext();
        return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
      },
    },
    options.destination,
  );
}
