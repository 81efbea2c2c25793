import { Controller } from '@nestjs/common';
import { ConsoleRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ConsoleService } from './console.service.js';

@Controller()
export class ConsoleController {
  constructor(private readonly consoles: ConsoleService) {}

  @RpcHandler(ConsoleRpc.ticket)
  ticket(@RpcPayload() req: RpcRequestData<typeof ConsoleRpc.ticket>, @RpcMeta() meta: RequestMeta) {
    return this.consoles.ticket(req, meta);
  }
}
