import { gzipSync } from 'node:zlib';
import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable, catchError, defer, map, of, type Subscriber } from 'rxjs';
import { NexusError, type RpcContract, type RpcReply } from '@pve-nexus/contracts';
import { bus, extractTraceContext, nexusTracer, type HeaderCarrier } from '@pve-nexus/observability';
import { BUS_OPTIONS, type BusOptions } from '../bus-options.js';
import { readMeta } from '../meta-headers.js';
import { rememberRequest } from './handled-request.js';
import { RPC_CONTRACT } from './rpc-handler.decorator.js';
import { isDependencyOutage } from './dependency-outage.util.js';

/**
 * The handling side of every bus request: continues the caller's trace, verifies the signed
 * identity (libs/messaging `bus-assertion.ts`) and validates the payload, runs the handler, and replies `{ ok, data }` or `{ ok: false, error }`.
 * Unknown errors become INTERNAL with a generic message; their details go only to the log.
 */
@Injectable()
export class RpcEnvelopeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(
    private readonly reflector: Reflector,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<RpcReply> {
    const contract = this.reflector.get<RpcContract>(RPC_CONTRACT, ctx.getHandler());
    const rpc = ctx.switchToRpc();
    const headers = rpc.getContext<NatsContext>().getHeaders() as HeaderCarrier | undefined;
    const parent = extractTraceContext(headers);
    const span = nexusTracer().startSpan(
      `${contract.subject} process`,
      { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject } },
      parent,
    );
    const started = performance.now();

    return new Observable<RpcReply>((subscriber: Subscriber<RpcReply>) =>
      otelContext.with(trace.setSpan(parent, span), () => {
        // defer: the handler runs only after validation succeeded, inside the request's span.
        const reply$ = defer(() => {
          // Identity first: an unauthenticated caller learns nothing, not even how its payload is wrong.
          const data: unknown = rpc.getData();
          const meta = readMeta(headers, contract.subject, this.options.publicKeys, data);
          const payload = contract.request.safeParse(data);
          if (!payload.success) throw NexusError.fromZod(payload.error);
          rememberRequest(ctx, { payload: payload.data, meta });
          return next.handle();
        }).pipe(
          map((data): RpcReply => {
            const result = contract.response.safeParse(data);
            if (!result.success) {
              this.logger.error({ subject: contract.subject, issues: result.error.issues }, 'handler result breaks its contract');
              throw new NexusError('INTERNAL', 'Internal error');
            }
            return packReply(result.data);
          }),
          catchError((error: unknown) => of(this.errorReply(contract.subject, error))),
        );
        return reply$.subscribe({
          next: (reply) => {
            const outcome = reply.ok ? 'ok' : reply.error.code;
            if (!reply.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            span.end();
            bus().requests.inc({ subject: contract.subject, outcome });
            bus().duration.observe({ subject: contract.subject, side: 'server' }, (performance.now() - started) / 1000);
            subscriber.next(reply);
          },
          complete: () => subscriber.complete(),
        });
      }),
    );
  }

  private errorReply(subject: string, error: unknown): RpcReply {
    if (error instanceof NexusError) return { ok: false, error: error.toEnvelope() };
    if (isDependencyOutage(error)) {
      this.logger.warn({ subject, err: error }, 'dependency unavailable in bus handler');
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'A dependency of the service is unavailable; try again shortly' } };
    }
    this.logger.error({ subject, err: error }, 'unhandled error in bus handler');
    return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
  }
}

/** Replies above this size are gzipped; below it, compression costs more than it saves. */
const GZIP_ABOVE_BYTES = 256 * 1024;

function packReply(data: unknown): RpcReply {
  const json = JSON.stringify(data);
  if (json === undefined || json.length < GZIP_ABOVE_BYTES) return { ok: true, data };
  return { ok: true, gzip: gzipSync(json).toString('base64') };
}
