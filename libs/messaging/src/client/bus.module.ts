import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_OPTIONS, type BusOptions } from '../bus-options.js';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { BusClient } from './bus.client.js';
import { EventPublisher } from '../events/event-publisher.js';
import { EventSubscriber } from '../events/event-subscriber.js';
import { JetStreamConnection } from '../events/jetstream-connection.js';

/**
 * Provides {@link BusClient} to a process that sends requests on the bus, and the domain-event
 * {@link EventPublisher} and {@link EventSubscriber} (their JetStream connection opens on first use),
 * and the core-NATS {@link Broadcaster} (its connection opens on first use too).
 */
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [{ provide: BUS_OPTIONS, useValue: options }, BusClient, JetStreamConnection, EventPublisher, EventSubscriber, Broadcaster],
      exports: [BUS_OPTIONS, BusClient, EventPublisher, EventSubscriber, Broadcaster],
    };
  }
}
