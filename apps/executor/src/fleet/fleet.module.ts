import { Module, type DynamicModule } from '@nestjs/common';
import { ApiBrowserService } from './api-browser.service.js';
import { FleetBulkService } from './fleet-bulk.service.js';
import { FleetController } from './fleet.controller.js';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';
import { FleetService } from './fleet.service.js';
import { ProxmoxFleetRepository } from './proxmox-fleet.repository.js';
import { ServerConnections } from './server-connections.service.js';
import { TaskTracker } from './task-tracker.service.js';

/** The fleet: guests of every server (bulkheaded per server), power actions (one or in bulk), task tracking, the read-only API browser. */
@Module({})
export class FleetModule {
  static forRoot(options: FleetOptions): DynamicModule {
    return {
      module: FleetModule,
      controllers: [FleetController],
      providers: [{ provide: FLEET_OPTIONS, useValue: options }, ProxmoxFleetRepository, ServerConnections, TaskTracker, FleetService, FleetBulkService, ApiBrowserService],
      exports: [ProxmoxFleetRepository, ServerConnections],
    };
  }
}
