import { Injectable, Logger } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { DomainEvent, EventStream, tenantEventsFilter } from '@pve-nexus/contracts';
import { JetStreamConnection } from './jetstream-connection.js';

/** One delivered event and its position in the stream (what a client resumes from). */
export interface StreamedEvent {
  sequence: number;
  event: DomainEvent;
}

export interface EventSubscription extends AsyncIterable<StreamedEvent> {
  /** Stops the consumer; the iteration ends. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Resume after this stream sequence (an SSE `Last-Event-ID`); without it, only new events. */
  afterSequence?: number;
}

/**
 * Reads a tenant's domain events through an ordered ephemeral consumer filtered to
 * `events.<tenantId>.>`: the server never sends another tenant's events, and the consumer goes
 * away with the subscription.
 */
@Injectable()
export class EventSubscriber {
  private readonly logger = new Logger(EventSubscriber.name);

  constructor(private readonly connection: JetStreamConnection) {}

  /** Resolves once the consumer exists: an event published after that is delivered. */
  async subscribe(tenantId: string, options: SubscribeOptions = {}): Promise<EventSubscription> {
    const js = await this.connection.client();
    const start =
      options.afterSequence === undefined
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.afterSequence + 1 };
    // One subject, not an array: nats-server before 2.10 (Debian's 2.9) knows only `filter_subject`.
    const consumer = await js.consumers.get(EventStream.name, { filter_subjects: tenantEventsFilter(tenantId), ...start });
    const messages: ConsumerMessages = await consumer.consume();
    const logger = this.logger;
    return {
      async close() {
        await messages.close();
      },
      async *[Symbol.asyncIterator]() {
        for await (const message of messages) {
          const parsed = DomainEvent.safeParse(message.json());
          if (!parsed.success || parsed.data.tenantId !== tenantId) {
            logger.warn(`skipping malformed event at sequence ${message.seq}`);
            continue;
          }
          yield { sequence: message.seq, event: parsed.data };
        }
      },
    };
  }
}
