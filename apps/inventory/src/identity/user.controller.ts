import { Controller } from '@nestjs/common';
import { IdentityRpc, type RequestMeta, type RpcRequest } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { UserService } from './user.service.js';

@Controller()
export class UserController {
  constructor(private readonly users: UserService) {}

  @RpcHandler(IdentityRpc.listUsers)
  list(@RpcMeta() meta: RequestMeta) {
    return this.users.list(meta);
  }

  @RpcHandler(IdentityRpc.createUser)
  create(@RpcPayload() req: RpcRequest<typeof IdentityRpc.createUser>, @RpcMeta() meta: RequestMeta) {
    return this.users.create(req, meta);
  }

  @RpcHandler(IdentityRpc.updateUser)
  update(@RpcPayload() req: RpcRequest<typeof IdentityRpc.updateUser>, @RpcMeta() meta: RequestMeta) {
    return this.users.update(req, meta);
  }

  @RpcHandler(IdentityRpc.deleteUser)
  delete(@RpcPayload() req: RpcRequest<typeof IdentityRpc.deleteUser>, @RpcMeta() meta: RequestMeta) {
    return this.users.delete(req.userId, meta);
  }
}
