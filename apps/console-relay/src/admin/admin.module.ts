import { Module, type DynamicModule } from '@nestjs/common';
import { EndRequests } from './end-requests.repository.js';
import { SessionsAdmin } from './sessions-admin.service.js';
import { SessionsController } from './sessions.controller.js';

/** Listing and ending live console sessions across replicas (`console-relay.sessions.*`). */
@Module({})
export class AdminModule {
  static forRoot(relay: DynamicModule): DynamicModule {
    return { module: AdminModule, imports: [relay], controllers: [SessionsController], providers: [EndRequests, SessionsAdmin] };
  }
}
