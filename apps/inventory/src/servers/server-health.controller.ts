import { Controller } from '@nestjs/common';
import { ServerHealthRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ServerHealthService } from './server-health.service.js';

@Controller()
export class ServerHealthController {
  constructor(private readonly service: ServerHealthService) {}

  @RpcHandler(ServerHealthRpc.dueChecks)
  dueChecks(@RpcPayload() req: RpcRequestData<typeof ServerHealthRpc.dueChecks>, @RpcMeta() meta: RequestMeta) {
    return this.service.dueChecks(req, meta);
  }

  @RpcHandler(ServerHealthRpc.recordCheck)
  recordCheck(@RpcPayload() req: RpcRequestData<typeof ServerHealthRpc.recordCheck>, @RpcMeta() meta: RequestMeta) {
    return this.service.recordCheck(req, meta);
  }

  @RpcHandler(ServerHealthRpc.health)
  health(@RpcPayload() req: RpcRequestData<typeof ServerHealthRpc.health>, @RpcMeta() meta: RequestMeta) {
    return this.service.view(req, meta);
  }
}
