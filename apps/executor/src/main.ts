import 'reflect-metadata';
import { loadConfig, packageVersion, runMain, startService } from '@pve-nexus/service-kit';
import { ExecutorEnv } from './config.js';
import { ExecutorModule } from './executor.module.js';

runMain(async () => {
  const config = loadConfig(ExecutorEnv);
  const version = packageVersion(import.meta.url);
  await startService({ service: 'executor', version, config, httpPort: config.HTTP_PORT, module: ExecutorModule.forRoot(config, version) });
});
