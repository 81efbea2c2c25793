import 'reflect-metadata';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { InventoryEnv } from './config.js';
import { InventoryModule } from './inventory.module.js';

runMain(async () => {
  const config = loadConfig(InventoryEnv);
  const version = packageVersion(import.meta.url);
  await startService({ service: 'inventory', version, config, httpPort: config.HTTP_PORT, module: InventoryModule.forRoot(config, version) });
});
