import { Controller } from '@nestjs/common';
import { FleetRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { FleetService } from './fleet.service.js';

@Controller()
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

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
}
