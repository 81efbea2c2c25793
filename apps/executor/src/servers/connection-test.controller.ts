import { Controller } from '@nestjs/common';
import { ServerRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ConnectionTestService } from './connection-test.service.js';

@Controller()
export class ConnectionTestController {
  constructor(private readonly tests: ConnectionTestService) {}

  @RpcHandler(ServerRpc.test)
  test(@RpcPayload() req: RpcRequestData<typeof ServerRpc.test>, @RpcMeta() meta: RequestMeta) {
    return this.tests.test(req, meta);
  }
}
