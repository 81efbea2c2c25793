import { gunzipSync } from 'node:zlib';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  NexusError,
  RequestMeta,
  RpcReply,
  type RequestMetaInput,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@pve-nexus/contracts';
import { bus, injectTraceContext, nexusTracer } from '@pve-nexus/observability';
import { BUS_OPTIONS, natsConnectionOptions, type BusOptions } from '../bus-options.js';
import { signAssertion } from '../bus-assertion.js';
import { writeMeta } from '../meta-headers.js';

export interface RequestOptions {
  /** Reply timeout in ms; default {@link BusOptions.requestTimeoutMs}. */
  timeoutMs?: number;
}

/**
 * The caller's side of the bus: validates the request against its contract, sends it with the
 * caller's identity and trace context in headers, waits at most the timeout, validates the reply
 * and turns an error reply back into a {@link NexusError}.
 */
@Injectable()
export class BusClient implements OnApplicationShutdown {
  private readonly client: ClientNats;

  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {
    this.client = new ClientNats(natsConnectionOptions(options));
  }

  async request<C extends RpcContract>(
    contract: C,
    payload: RpcRequest<C>,
    meta: RequestMetaInput,
    options: RequestOptions = {},
  ): Promise<RpcResponse<C>> {
    const request = contract.request.safeParse(payload);
    if (!request.success) throw NexusError.fromZod(request.error);
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    const started = performance.now();
    const span = nexusTracer().startSpan(`${contract.subject} request`, {
      kind: SpanKind.CLIENT,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject },
    });
    let outcome = 'ok';
    try {
      const headers = natsHeaders();
      writeMeta(headers, meta, contract.subject, this.options.signer);
      injectTraceContext(headers, trace.setSpan(context.active(), span));
      const record = new NatsRecordBuilder(request.data).setHeaders(headers).build();
      const raw = await firstValueFrom(this.client.send(contract.subject, record).pipe(timeout({ first: timeoutMs }))).catch(
        (error: unknown) => {
          throw transportError(error, contract.subject, timeoutMs);
        },
      );
      const reply = RpcReply.safeParse(raw);
      if (!reply.success) throw new NexusError('INTERNAL', `Malformed reply on ${contract.subject}`);
      if (!reply.data.ok) throw NexusError.fromEnvelope(reply.data.error);
      const data = contract.response.safeParse('gzip' in reply.data ? JSON.parse(gunzipSync(Buffer.from(reply.data.gzip, 'base64')).toString('utf8')) : reply.data.data);
      if (!data.success) throw new NexusError('INTERNAL', `Reply on ${contract.subject} does not match its contract`);
      return data.data as RpcResponse<C>;
    } catch (error) {
      outcome = error instanceof NexusError ? error.code : 'INTERNAL';
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      throw error;
    } finally {
      span.end();
      bus().requests.inc({ subject: contract.subject, outcome });
      bus().duration.observe({ subject: contract.subject, side: 'client' }, (performance.now() - started) / 1000);
    }
  }

  /**
   * An assertion of `meta`'s identity, signed by this service, good only for `subjects` (and, with
   * `serverId`, only for that server) for `ttlMs`: what the gateway hands the relay in a console grant.
   */
  assert(meta: RequestMetaInput, scope: { subjects: readonly string[]; serverId?: string; ttlMs: number }): string {
    const { actor, tenantId } = RequestMeta.parse(meta);
    return signAssertion(
      this.options.signer,
      { act: actor, aud: [...scope.subjects], ...(tenantId ? { ten: tenantId } : {}), ...(scope.serverId ? { srv: scope.serverId } : {}) },
      scope.ttlMs,
    );
  }

  /** Resolves once the NATS server has answered a round trip on this connection. */
  async ping(): Promise<void> {
    const connection = (await this.client.connect()) as { flush(): Promise<void> };
    await connection.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

function transportError(error: unknown, subject: string, timeoutMs: number): NexusError {
  if (error instanceof NexusError) return error;
  if (error instanceof TimeoutError) return new NexusError('TIMEOUT', `No reply on ${subject} within ${timeoutMs} ms`);
  return new NexusError('UNAVAILABLE', `Bus unavailable for ${subject}`);
}
