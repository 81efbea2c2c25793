import { Module, type DynamicModule } from '@nestjs/common';
import type { TailnetAccess } from '@pve-nexus/reachability';
import { ConnectionTestController } from './connection-test.controller.js';
import { ConnectionTestService, TAILNET_ACCESS } from './connection-test.service.js';

/** Reaching Proxmox servers: connection tests. */
@Module({})
export class ServersModule {
  static forRoot(access: TailnetAccess): DynamicModule {
    return {
      module: ServersModule,
      controllers: [ConnectionTestController],
      providers: [{ provide: TAILNET_ACCESS, useValue: access }, ConnectionTestService],
    };
  }
}
