import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { HealthProbe } from '../health/health-probe.js';

export const REDIS = Symbol('REDIS');

export interface RedisOptions {
  url: string;
  keyPrefix: string;
}

/**
 * One ioredis connection per process. Commands fail at once while Redis is unreachable (no offline
 * queue) so callers see the outage instead of hanging; the client keeps reconnecting in the background.
 */
function connect(options: RedisOptions): Redis {
  return new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

@Injectable()
export class RedisProbe implements HealthProbe {
  readonly name = 'redis';

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async check(): Promise<void> {
    await this.redis.ping();
  }
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Module({})
export class RedisModule {
  static forRoot(options: RedisOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: REDIS, useFactory: () => connect(options) }, RedisLifecycle],
      exports: [REDIS],
    };
  }
}
