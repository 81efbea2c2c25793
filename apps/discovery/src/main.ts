import 'reflect-metadata';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { DiscoveryEnv } from './config.js';
import { DiscoveryModule } from './discovery.module.js';

runMain(async () => {
  const config = loadConfig(DiscoveryEnv);
  const version = packageVersion(import.meta.url);
  await startService({ service: 'discovery', version, config, httpPort: config.HTTP_PORT, module: DiscoveryModule.forRoot(config, version) });
});
