import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BUS_OPTIONS, natsConnectionOptions, type BusOptions } from '../bus-options.js';
import { ensureEventStream } from './ensure-event-stream.js';

/**
 * The process's JetStream handle, opened on first use (services that neither publish nor consume
 * events never open it), with the {@link ensureEventStream event stream} created before the first
 * publish or consumer. A failed attempt is forgotten, so the next use tries again.
 */
@Injectable()
export class JetStreamConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamConnection.name);
  private ready?: Promise<{ nc: NatsConnection; js: JetStreamClient }>;

  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {}

  /** JetStream, with the event stream in place. */
  async client(): Promise<JetStreamClient> {
    this.ready ??= this.open().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return (await this.ready).js;
  }

  async onApplicationShutdown(): Promise<void> {
    const ready = this.ready;
    this.ready = undefined;
    const opened = await ready?.catch(() => undefined);
    await opened?.nc.drain().catch((error: unknown) => this.logger.warn(`closing JetStream connection: ${(error as Error).message}`));
  }

  private async open(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    const nc = await connect(natsConnectionOptions(this.options, 'events'));
    try {
      await ensureEventStream(await jetstreamManager(nc));
      return { nc, js: jetstream(nc) };
    } catch (error) {
      await nc.close();
      throw error;
    }
  }
}
