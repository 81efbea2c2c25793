import { Controller } from '@nestjs/common';
import { ConsoleRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { SessionsAdmin } from './sessions-admin.service.js';

@Controller()
export class SessionsController {
  constructor(private readonly admin: SessionsAdmin) {}

  @RpcHandler(ConsoleRpc.listSessions)
  list(@RpcMeta() meta: RequestMeta) {
    return this.admin.list(meta);
  }

  @RpcHandler(ConsoleRpc.endSession)
  end(@RpcPayload() req: RpcRequestData<typeof ConsoleRpc.endSession>, @RpcMeta() meta: RequestMeta) {
    return this.admin.end(req.sessionId, meta);
  }
}
