import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { context as otelContext } from '@opentelemetry/api';
import { connect, headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { extractTraceContext, injectTraceContext } from '@pve-nexus/observability';
import { BUS_OPTIONS, natsConnectionOptions, type BusOptions } from '../bus-options.js';

/**
 * A core-NATS subject every subscriber hears (no queue group: each replica of each service gets
 * each message), with the schema its payload follows. Build it in libs/contracts, next to the schema.
 */
export interface BroadcastChannel<S extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly schema: S;
}

/** A live subscription; {@link close} stops delivery once the messages already received are handled. */
export interface BroadcastSubscription {
  close(): Promise<void>;
}

/**
 * Fire-and-forget broadcasts over core NATS: validated before sending and again on receipt, with
 * the W3C trace context in headers. Unlike requests (one handler per queue group) and domain
 * events (JetStream, replayable), a broadcast reaches every process listening at that moment and
 * is not stored: fit for "act now if it concerns you" signals such as an access revocation.
 *
 * Its own connection, opened on first use (`<service>-broadcast`), reconnecting forever; while
 * NATS is away, publishes are buffered by the client and sent on reconnection.
 */
@Injectable()
export class Broadcaster implements OnApplicationShutdown {
  private readonly logger = new Logger(Broadcaster.name);
  private connection?: Promise<NatsConnection>;

  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {}

  /**
   * Validates and sends one message, then waits for the server's round trip (at most the bus
   * request timeout; the client still sends it on reconnection). Never rejects: a
   * broadcast follows work already done (a committed change), so a failure is logged, not thrown.
   * Resolves to whether the NATS server received it.
   */
  async publish<S extends z.ZodType>(channel: BroadcastChannel<S>, payload: z.input<S>): Promise<boolean> {
    const parsed = channel.schema.safeParse(payload);
    if (!parsed.success) {
      this.logger.error({ subject: channel.subject, issues: parsed.error.issues }, 'broadcast does not match its schema');
      return false;
    }
    try {
      const nc = await this.open();
      const headers = natsHeaders();
      injectTraceContext(headers);
      nc.publish(channel.subject, JSON.stringify(parsed.data), { headers });
      await this.flush(nc);
      return true;
    } catch (error) {
      this.logger.warn(`broadcast on ${channel.subject} not sent: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Calls `handler` with every valid message on the channel, in the publisher's trace context;
   * malformed messages and handler failures are logged and skipped. Resolves once the NATS server
   * registered the subscription: a message published after that is delivered.
   */
  async subscribe<S extends z.ZodType>(channel: BroadcastChannel<S>, handler: (message: z.output<S>) => void | Promise<void>): Promise<BroadcastSubscription> {
    const nc = await this.open();
    const subscription = nc.subscribe(channel.subject, {
      callback: (error, message) => {
        if (error) {
          this.logger.warn(`subscription to ${channel.subject} failed: ${error.message}`);
          return;
        }
        void this.deliver(channel, message, handler);
      },
    });
    await nc.flush();
    return { close: () => subscription.drain() };
  }

  async onApplicationShutdown(): Promise<void> {
    const opened = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    await opened?.drain().catch((error: unknown) => this.logger.warn(`closing broadcast connection: ${(error as Error).message}`));
  }

  private async deliver<S extends z.ZodType>(channel: BroadcastChannel<S>, message: Msg, handler: (message: z.output<S>) => void | Promise<void>): Promise<void> {
    let body: unknown;
    try {
      body = message.json();
    } catch {
      this.logger.warn(`skipping a broadcast on ${channel.subject} that is not JSON`);
      return;
    }
    const parsed = channel.schema.safeParse(body);
    if (!parsed.success) {
      this.logger.warn({ subject: channel.subject, issues: parsed.error.issues }, 'skipping a broadcast that does not match its schema');
      return;
    }
    try {
      await otelContext.with(extractTraceContext(message.headers), () => handler(parsed.data));
    } catch (error) {
      this.logger.error(`handling a broadcast on ${channel.subject} failed: ${(error as Error).message}`);
    }
  }

  /** A round trip to the server, bounded: while reconnecting, the client would wait for as long as that takes. */
  private async flush(nc: NatsConnection): Promise<void> {
    const ms = this.options.requestTimeoutMs;
    const timer = new AbortController();
    try {
      await Promise.race([
        nc.flush(),
        sleep(ms, undefined, { signal: timer.signal }).then(() => {
          throw new Error(`no answer from NATS within ${ms} ms`);
        }),
      ]);
    } finally {
      timer.abort();
    }
  }

  private open(): Promise<NatsConnection> {
    this.connection ??= connect(natsConnectionOptions(this.options, 'broadcast')).catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }
}
