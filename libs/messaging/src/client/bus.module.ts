import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_OPTIONS, type BusOptions } from '../bus-options.js';
import { BusClient } from './bus.client.js';

/** Provides {@link BusClient} to a process that sends requests on the bus. */
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [{ provide: BUS_OPTIONS, useValue: options }, BusClient],
      exports: [BusClient],
    };
  }
}
