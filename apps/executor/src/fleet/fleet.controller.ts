import { Controller } from '@nestjs/common';
import { ApiBrowseRpc, FleetBulkRpc, FleetRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ApiBrowserService } from './api-browser.service.js';
import { FleetBulkService } from './fleet-bulk.service.js';
import { FleetService } from './fleet.service.js';

@Controller()
export class FleetController {
  constructor(
    private readonly fleet: FleetService,
    private readonly bulk: FleetBulkService,
    private readonly browser: ApiBrowserService,
  ) {}

  @RpcHandler(FleetRpc.list)
  list(@RpcMeta() meta: RequestMeta) {
    return this.fleet.list(meta);
  }

  @RpcHandler(FleetRpc.action)
  action(@RpcPayload() req: RpcRequestData<typeof FleetRpc.action>, @RpcMeta() meta: RequestMeta) {
    return this.fleet.action(req, meta);
  }

  @RpcHandler(FleetRpc.task)
  task(@RpcPayload() req: RpcRequestData<typeof FleetRpc.task>, @RpcMeta() meta: RequestMeta) {
    return this.fleet.task(req, meta);
  }

  @RpcHandler(FleetBulkRpc.bulkAction)
  bulkAction(@RpcPayload() req: RpcRequestData<typeof FleetBulkRpc.bulkAction>, @RpcMeta() meta: RequestMeta) {
    return this.bulk.bulkAction(req, meta);
  }

  @RpcHandler(ApiBrowseRpc.get)
  browse(@RpcPayload() req: RpcRequestData<typeof ApiBrowseRpc.get>, @RpcMeta() meta: RequestMeta) {
    return this.browser.get(req, meta);
  }
}
