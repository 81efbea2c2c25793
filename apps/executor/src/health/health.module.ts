import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options.js';
import { HealthLeaseRepository } from './health-lease.repository.js';
import { HealthScheduler } from './health-scheduler.service.js';

/**
 * Periodic health checks of every server. `fleet` is the very FleetModule the executor imports, so
 * checks share its Proxmox pools and its cache of decrypted connections.
 */
@Module({})
export class HealthModule {
  static forRoot(fleet: DynamicModule, options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [fleet],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, HealthLeaseRepository, HealthScheduler],
    };
  }
}
