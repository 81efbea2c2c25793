import { Module, type DynamicModule } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { STREAM_ACCESS_OPTIONS, StreamAccess, type StreamAccessOptions } from './stream-access.service.js';

/** The tenant's live event stream, ended when its reader loses access. */
@Module({})
export class EventsHttpModule {
  static forRoot(options: StreamAccessOptions): DynamicModule {
    return { module: EventsHttpModule, controllers: [EventsController], providers: [{ provide: STREAM_ACCESS_OPTIONS, useValue: options }, StreamAccess] };
  }
}
