import { Module, type DynamicModule } from '@nestjs/common';
import { ConsoleController } from './console.controller.js';
import { CONSOLE_OPTIONS, type ConsoleOptions } from './console.options.js';
import { ConsoleService } from './console.service.js';
import { ProxmoxConsoleRepository } from './proxmox-console.repository.js';

/**
 * Console tickets from Proxmox (`vncproxy`, `termproxy`). `fleet` is the very FleetModule the
 * executor imports, for its server connections.
 */
@Module({})
export class ConsoleModule {
  static forRoot(fleet: DynamicModule, options: ConsoleOptions): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [fleet],
      controllers: [ConsoleController],
      providers: [{ provide: CONSOLE_OPTIONS, useValue: options }, ProxmoxConsoleRepository, ConsoleService],
    };
  }
}
