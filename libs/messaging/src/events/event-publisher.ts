import { Injectable, Logger } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainEvent, EventStream, eventSubject, type DomainEventInput, type EventKind } from '@pve-nexus/contracts';
import { injectTraceContext } from '@pve-nexus/observability';
import { JetStreamConnection } from './jetstream-connection.js';

/** How long a publish waits for the stream's acknowledgement, in ms. */
const PUBLISH_ACK_TIMEOUT_MS = 5_000;

/** Retry delays after a failed publish: doubling from this, capped at {@link RETRY_MAX_DELAY_MS}. */
const RETRY_FIRST_DELAY_MS = 200;
const RETRY_MAX_DELAY_MS = 5_000;
/**
 * How long a failed publish is retried (a NATS restart, a reconnect): half the stream's duplicate
 * window, so a publish whose acknowledgement was lost and is sent again is still stored once.
 */
export const PUBLISH_RETRY_WINDOW_MS = EventStream.duplicateWindowMs / 2;

/**
 * Publishes domain events to JetStream: validated against their schema, with the W3C trace context
 * in headers and the event id as `Nats-Msg-Id` (a retried publish is stored once). Events are a
 * side effect of the work that caused them: {@link publish} never rejects, a failure is logged.
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);

  constructor(private readonly connection: JetStreamConnection) {}

  /** Resolves to the stored event's stream sequence, or `undefined` when it could not be published. */
  async publish<K extends EventKind>(input: DomainEventInput<K>): Promise<number | undefined> {
    const parsed = DomainEvent.safeParse({ ...input, id: input.id ?? randomUUID(), occurredAt: input.occurredAt ?? new Date().toISOString() });
    if (!parsed.success) {
      this.logger.error(`event ${input.kind} for tenant ${input.tenantId} does not match its schema: ${parsed.error.message}`);
      return undefined;
    }
    const event = parsed.data;
    const headers = natsHeaders();
    injectTraceContext(headers);
    // Why retry: an event published while the bus reconnects (a NATS restart) was otherwise lost, and a
    // client following a task never saw it end (docs/RELIABILITY.md). The same msgID keeps it stored once.
    const giveUpAt = Date.now() + PUBLISH_RETRY_WINDOW_MS;
    for (let delay = RETRY_FIRST_DELAY_MS; ; delay = Math.min(delay * 2, RETRY_MAX_DELAY_MS)) {
      try {
        const js = await this.connection.client();
        const ack = await js.publish(eventSubject(event.tenantId, event.kind), JSON.stringify(event), {
          msgID: event.id,
          headers,
          timeout: PUBLISH_ACK_TIMEOUT_MS,
        });
        return ack.seq;
      } catch (error) {
        if (Date.now() + delay >= giveUpAt) {
          this.logger.warn(`event ${event.kind} ${event.id} not published: ${(error as Error).message}`);
          return undefined;
        }
        await sleep(delay);
      }
    }
  }
}
