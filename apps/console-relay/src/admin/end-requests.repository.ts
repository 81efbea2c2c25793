import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ConsoleCloseCode } from '@pve-nexus/contracts';
import { REDIS } from '@pve-nexus/service-kit';
import { ConsoleSessions } from '../relay/console-sessions.service.js';

const EndRequest = z.object({ sessionId: z.uuid(), endedBy: z.string().max(128) });
type EndRequest = z.infer<typeof EndRequest>;

/**
 * "End this session" from whichever replica an administrator's request reached to the one serving
 * it: a Redis channel every replica subscribes to (relay-internal, so not a bus contract). ioredis
 * does not prefix channels, so the deployment's key prefix is added here.
 */
@Injectable()
export class EndRequests implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EndRequests.name);
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly sessions: ConsoleSessions,
  ) {
    this.channel = `${redis.options.keyPrefix ?? ''}console:end`;
  }

  onModuleInit(): void {
    // Its own connection (a subscribed one takes no other command), queueing the subscription until
    // Redis answers and renewing it after each reconnection; start-up does not wait for Redis.
    this.subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.error(`end requests not heard: ${error.message}`));
  }

  async publish(request: EndRequest): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(request));
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  private receive(message: string): void {
    try {
      const request = EndRequest.parse(JSON.parse(message));
      this.sessions.end(request.sessionId, ConsoleCloseCode.ENDED_BY_ADMIN, 'ended by an administrator', request.endedBy);
    } catch (error) {
      this.logger.warn(`skipping a malformed end request: ${(error as Error).message}`);
    }
  }
}
