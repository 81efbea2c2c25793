import 'reflect-metadata';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { ConsoleRelayEnv } from './config.js';
import { ConsoleRelayModule } from './console-relay.module.js';

runMain(async () => {
  const config = loadConfig(ConsoleRelayEnv);
  const version = packageVersion(import.meta.url);
  await startService({ service: 'console-relay', version, config, httpPort: config.HTTP_PORT, module: ConsoleRelayModule.forRoot(config, version) });
});
