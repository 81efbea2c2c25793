import { Transport, type NatsOptions } from '@nestjs/microservices';

/**
 * Options for a service's NATS listener. All replicas of a service join one queue group named after
 * it, so each request is handled by exactly one replica. `shutdownGraceMs` defaults to 1000.
 */
export function natsTransport(options: { servers: string[]; service: string; shutdownGraceMs?: number }): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: options.servers,
      name: options.service,
      queue: options.service,
      reconnect: true,
      maxReconnectAttempts: -1,
      // On close Nest unsubscribes (no new requests reach this replica) and then waits this long
      // for in-flight handlers before closing the connection.
      gracefulShutdown: true,
      gracePeriod: options.shutdownGraceMs ?? 1_000,
    },
  };
}
