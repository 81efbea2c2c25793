import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Module, type INestApplicationContext, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientNats } from '@nestjs/microservices';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { defineRpc, NexusError, type RequestMeta } from '@pve-nexus/contracts';
import { generateBusKeys, startNatsServer, testNatsUser, testUserBusOptions, type NatsServer } from '@pve-nexus/testing';
import { BusHeader } from '@pve-nexus/contracts';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { writeMeta } from './meta-headers.js';
import { BusClient } from './client/bus.client.js';
import { BusModule } from './client/bus.module.js';
import { natsTransport } from './server/nats-transport.js';
import { RpcHandler, RpcMeta, RpcPayload } from './server/rpc-handler.decorator.js';

const Echo = defineRpc(
  'test.echo.say',
  z.object({ text: z.string().max(20), times: z.number().int().min(1).max(3) }),
  z.object({ said: z.string(), by: z.string(), tenantId: z.string().optional(), traceId: z.string().optional() }),
);
const Fail = defineRpc('test.fail.run', z.object({ how: z.enum(['conflict', 'crash', 'bad-reply', 'slow']) }), z.object({ done: z.boolean() }));
const Nobody = defineRpc('test.nobody.listens', z.object({}), z.object({}));
const Bulk = defineRpc('test.bulk.list', z.object({ count: z.number().int() }), z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) }));

@Controller()
class TestHandlers {
  @RpcHandler(Echo)
  echo(@RpcPayload() req: z.infer<typeof Echo.request>, @RpcMeta() meta: RequestMeta) {
    return {
      said: req.text.repeat(req.times),
      by: meta.actor.type === 'user' ? meta.actor.userId : meta.actor.type,
      tenantId: meta.tenantId,
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
  }

  @RpcHandler(Bulk)
  bulk(@RpcPayload() req: z.infer<typeof Bulk.request>) {
    return { items: Array.from({ length: req.count }, (_, id) => ({ id, name: `guest-${id}-${'x'.repeat(40)}` })) };
  }

  @RpcHandler(Fail)
  async fail(@RpcPayload() req: z.infer<typeof Fail.request>) {
    if (req.how === 'conflict') throw new NexusError('CONFLICT', 'name taken', [{ path: 'name', message: 'exists' }]);
    if (req.how === 'crash') throw new Error('secret internals: password=hunter2');
    if (req.how === 'slow') await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { done: 'yes' };
  }
}

@Module({ controllers: [TestHandlers] })
class HandlerModule {}

const meta: RequestMeta = {
  actor: { type: 'user', userId: '5a0c2a43-5d2c-4c35-9a39-31e2b7d2b0f1', globalRole: 'user', tenantRole: 'manager', mustChangePassword: false },
  tenantId: '0d3f7c7e-8a55-4f55-a3b3-3a2f7d1c9e10',
  requestId: 'req-bus-int-1',
};

describe('bus over a real NATS server', () => {
  let nats: NatsServer;
  let server: INestMicroservice;
  let callerApp: INestApplicationContext;
  let bus: BusClient;
  const keys = generateBusKeys();
  /** A client of the test's NATS user that sends whatever headers it is given (or none). */
  const rawSend = async (payload: unknown, signed: boolean) => {
    const raw = new ClientNats({ servers: [nats.url], ...nats.clientAuth('test') });
    const headers = natsHeaders();
    if (signed) writeMeta(headers, meta, Echo.subject, testUserBusOptions(nats, keys, 'test', 'raw').signer);
    try {
      return await firstValueFrom(raw.send(Echo.subject, new NatsRecordBuilder(payload).setHeaders(headers).build()));
    } finally {
      await raw.close();
    }
  };
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }));
    nats = await startNatsServer({ extraUsers: [testNatsUser('test')] });
    const handlerBus = testUserBusOptions(nats, keys, 'test', 'test');
    server = await NestFactory.createMicroservice(
      { module: HandlerModule, imports: [BusModule.forRoot(handlerBus)] },
      { ...natsTransport({ bus: handlerBus, service: 'test', shutdownGraceMs: 0 }), logger: false },
    );
    await server.listen();
    callerApp = await NestFactory.createApplicationContext(BusModule.forRoot(testUserBusOptions(nats, keys, 'test', 'caller')), { logger: false });
    bus = callerApp.get(BusClient);
  });

  afterAll(async () => {
    await callerApp?.close();
    await server?.close();
    await nats?.stop();
    trace.disable();
    context.disable();
  });

  it('delivers the payload and the caller identity, and validates the reply', async () => {
    await expect(bus.request(Echo, { text: 'hi', times: 2 }, meta)).resolves.toMatchObject({
      said: 'hihi',
      by: meta.actor.type === 'user' ? meta.actor.userId : '',
      tenantId: meta.tenantId,
    });
  });

  it('continues the caller trace in the handler', async () => {
    spans.reset();
    const reply = await bus.request(Echo, { text: 'trace', times: 1 }, meta);
    const clientSpan = spans.getFinishedSpans().find((span) => span.name === 'test.echo.say request');
    const serverSpan = spans.getFinishedSpans().find((span) => span.name === 'test.echo.say process');
    expect(clientSpan).toBeDefined();
    expect(serverSpan?.spanContext().traceId).toBe(clientSpan?.spanContext().traceId);
    expect(reply.traceId).toBe(clientSpan?.spanContext().traceId);
  });

  it('refuses an invalid request on the caller side, with the field path', async () => {
    await expect(bus.request(Echo, { text: 'x'.repeat(21), times: 9 }, meta)).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [expect.objectContaining({ path: 'text' }), expect.objectContaining({ path: 'times' })],
    });
  });

  it('refuses an invalid request on the handler side too (a caller that skipped validation)', async () => {
    const reply = await rawSend({ text: 42 }, true);
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: expect.arrayContaining([expect.objectContaining({ path: 'text' })]) } });
  });

  it('refuses a request without a signed identity, before looking at its payload', async () => {
    await expect(rawSend({ text: 42 }, false)).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Bus identity missing' } });
  });

  it('refuses a bare actor header (the identity comes only from the signed assertion)', async () => {
    const raw = new ClientNats({ servers: [nats.url], ...nats.clientAuth('test') });
    const headers = natsHeaders();
    headers.set('nexus-actor', JSON.stringify({ type: 'system', name: 'inventory' }));
    headers.set(BusHeader.requestId, 'req-forged');
    const reply = await firstValueFrom(raw.send(Echo.subject, new NatsRecordBuilder({ text: 'a', times: 1 }).setHeaders(headers).build()));
    await raw.close();
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('carries typed errors back to the caller', async () => {
    await expect(bus.request(Fail, { how: 'conflict' }, meta)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'name taken',
      issues: [{ path: 'name', message: 'exists' }],
    });
  });

  it('hides unexpected errors behind INTERNAL', async () => {
    const error = await bus.request(Fail, { how: 'crash' }, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NexusError);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
    expect(JSON.stringify(error)).not.toMatch(/hunter2/);
  });

  it('turns a reply that breaks the contract into INTERNAL', async () => {
    await expect(bus.request(Fail, { how: 'bad-reply' }, meta)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('gives up after the timeout with TIMEOUT', async () => {
    // The handler does answer, after 1 s: TIMEOUT rather than its reply proves the request gave up first.
    await expect(bus.request(Fail, { how: 'slow' }, meta, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('carries replies larger than a NATS message (1 MiB) compressed, transparently', async () => {
    const reply = await bus.request(Bulk, { count: 40_000 }, meta);
    expect(reply.items).toHaveLength(40_000);
    expect(JSON.stringify(reply).length).toBeGreaterThan(2 * 1024 * 1024);
    expect(reply.items[39_999]?.name).toMatch(/^guest-39999-/);
  });

  it('fails fast with UNAVAILABLE when nobody listens on the subject', async () => {
    await expect(bus.request(Nobody, {}, meta, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
