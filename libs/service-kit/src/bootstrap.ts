import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger, metricsRegistry, type Logger } from '@pve-nexus/observability';
import { natsTransport } from '@pve-nexus/messaging';
import type { BaseEnv } from './config/base-env.js';
import type { ServiceIdentity } from './health/health-probe.js';
import { ConfigError } from './config/load-config.js';
import { busOptionsOf } from './service-modules.js';
import { DEFAULT_METRICS_PORT, startMetricsListener } from './ops/metrics-listener.js';

export interface StartOptions {
  service: ServiceIdentity['service'];
  version: string;
  module: Parameters<typeof NestFactory.create>[0];
  config: BaseEnv;
  /** HTTP port for the API or, on bus-only services, for the probes. */
  httpPort: number;
  /** Listen on the bus as a member of the service's queue group. Default true. */
  listenOnBus?: boolean;
  /** Extra set-up before listening (filters, body limits, WebSocket upgrade handlers). */
  configure?: (app: INestApplication, logger: Logger) => void | Promise<void>;
}

/**
 * Starts one service process: JSON logs, metrics (served on their own loopback listener), shutdown
 * hooks, its bus listener and its HTTP listener. SIGTERM/SIGINT close the bus listener first so in-flight requests finish.
 */
export async function startService(options: StartOptions): Promise<{ app: INestApplication; logger: Logger }> {
  const logger = createLogger({ service: options.service, version: options.version, level: options.config.LOG_LEVEL });
  metricsRegistry(options.service);
  const app = await NestFactory.create(options.module, { logger: new PinoNestLogger(logger), bodyParser: true });
  app.enableShutdownHooks();
  if (options.listenOnBus !== false) {
    app.connectMicroservice(natsTransport({ bus: busOptionsOf(options.service, options.config), service: options.service, shutdownGraceMs: options.config.SHUTDOWN_GRACE_MS }), {
      inheritAppConfig: true,
    });
  }
  await options.configure?.(app, logger);
  await app.startAllMicroservices();
  await app.listen(options.httpPort, options.config.HTTP_HOST);
  const metricsPort = options.config.METRICS_PORT ?? DEFAULT_METRICS_PORT[options.service];
  const metrics = await startMetricsListener(metricsPort);
  (app.getHttpServer() as Server).once('close', () => metrics.close());
  logger.info({ port: options.httpPort, host: options.config.HTTP_HOST, metricsPort }, `${options.service} started`);
  return { app, logger };
}

/** Runs a process's start-up; a configuration problem is printed (all of it) and exits 1, without a stack. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  });
}
