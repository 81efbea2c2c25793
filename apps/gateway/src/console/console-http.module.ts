import { Module, type DynamicModule } from '@nestjs/common';
import { ConsoleGrantRepository } from './console-grant.repository.js';
import { ConsoleController } from './console.controller.js';
import { CONSOLE_OPTIONS, type ConsoleOptions } from './console.options.js';
import { ConsoleService } from './console.service.js';

/** Console opens (tickets, one-time grants in Redis) and the live-session routes. */
@Module({})
export class ConsoleHttpModule {
  static forRoot(options: ConsoleOptions): DynamicModule {
    return {
      module: ConsoleHttpModule,
      controllers: [ConsoleController],
      providers: [{ provide: CONSOLE_OPTIONS, useValue: options }, ConsoleGrantRepository, ConsoleService],
    };
  }
}
