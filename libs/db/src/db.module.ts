import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export const PRISMA = Symbol('PRISMA');

export interface DbOptions {
  /** PostgreSQL URL. */
  url: string;
  /** Pool size per process; default 10. */
  poolSize?: number;
}

/** A Prisma client over node-postgres (the driver adapter: no native query engine is needed). */
export function createPrismaClient(options: DbOptions): PrismaClient {
  return new PrismaClient({
    // Checkout waits up to 10 s: bursts (a cold fleet list audits one decryption per server, queued on
    // the tenant's audit-chain lock) must queue for a connection rather than fail.
    adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 }),
  });
}

@Injectable()
export class PrismaProbe {
  readonly name = 'postgres';

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async check(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}

@Injectable()
class PrismaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}

@Module({})
export class DbModule {
  static forRoot(options: DbOptions): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [{ provide: PRISMA, useFactory: () => createPrismaClient(options) }, PrismaLifecycle],
      exports: [PRISMA],
    };
  }
}
