import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { ConsoleRelayEnv } from './config.js';
import { ConsoleRelayModule } from './console-relay.module.js';
import { ConsoleEndpoint } from './relay/console-endpoint.js';

runMain(async () => {
  const config = loadConfig(ConsoleRelayEnv);
  const version = packageVersion(import.meta.url);
  await startService({
    service: 'console-relay',
    version,
    config,
    httpPort: config.HTTP_PORT,
    module: ConsoleRelayModule.forRoot(config, version),
    configure: (app) => app.get(ConsoleEndpoint).attach(app.getHttpServer() as Server),
  });
});
