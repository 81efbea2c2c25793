import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { GatewayEnv } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { accessLog } from './http/access-log.middleware.js';
import { answerClientErrorsWithProblems } from './http/client-error.js';
import { requestIdMiddleware } from './http/request-id.middleware.js';
import { securityHeadersMiddleware } from './http/security-headers.middleware.js';

runMain(async () => {
  const config = loadConfig(GatewayEnv);
  const version = packageVersion(import.meta.url);
  await startService({
    service: 'gateway',
    version,
    config,
    httpPort: config.HTTP_PORT,
    module: GatewayModule.forRoot(config, version),
    listenOnBus: false,
    configure: (app, logger) => {
      const http = app as NestExpressApplication;
      http.disable('x-powered-by');
      answerClientErrorsWithProblems(http.getHttpServer());
      // req.ip is X-Forwarded-For's client only when the socket peer is a trusted proxy.
      http.set('trust proxy', config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false);
      http.use(securityHeadersMiddleware);
      http.use(requestIdMiddleware);
      http.use(accessLog(logger));
      http.useBodyParser('json', { limit: config.BODY_LIMIT });
      // CSV imports (10,000 servers is about 1 MB); every other route expects JSON.
      http.useBodyParser('text', { type: 'text/csv', limit: config.CSV_BODY_LIMIT });
    },
  });
});
