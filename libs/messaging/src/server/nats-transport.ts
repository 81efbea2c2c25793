import { Transport, type NatsOptions } from '@nestjs/microservices';
import { natsConnectionOptions, type BusOptions } from '../bus-options.js';

/**
 * Options for a service's NATS listener, with the service's own credentials. All replicas of a
 * service join one queue group named after it, so each request is handled by exactly one replica.
 * `shutdownGraceMs` defaults to 1000.
 */
export function natsTransport(options: { bus: BusOptions; service: string; shutdownGraceMs?: number }): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      ...natsConnectionOptions({ ...options.bus, name: options.service }),
      queue: options.service,
      // On close Nest unsubscribes (no new requests reach this replica) and then waits this long
      // for in-flight handlers before closing the connection.
      gracefulShutdown: true,
      gracePeriod: options.shutdownGraceMs ?? 1_000,
    },
  };
}
