import { Injectable, Logger } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { DomainEvent, eventSubject, type DomainEventInput, type EventKind } from '@pve-nexus/contracts';
import { injectTraceContext } from '@pve-nexus/observability';
import { JetStreamConnection } from './jetstream-connection.js';

/** How long a publish waits for the stream's acknowledgement, in ms. */
const PUBLISH_ACK_TIMEOUT_MS = 5_000;

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
    try {
      const js = await this.connection.client();
      const headers = natsHeaders();
      injectTraceContext(headers);
      const ack = await js.publish(eventSubject(event.tenantId, event.kind), JSON.stringify(event), {
        msgID: event.id,
        headers,
        timeout: PUBLISH_ACK_TIMEOUT_MS,
      });
      return ack.seq;
    } catch (error) {
      this.logger.warn(`event ${event.kind} ${event.id} not published: ${(error as Error).message}`);
      return undefined;
    }
  }
}
