import { Controller } from '@nestjs/common';
import { IdentityRpc, type RequestMeta, type RpcRequest } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ApiKeyService } from './api-key.service.js';
import { SessionService } from './session.service.js';
import { UserService } from './user.service.js';

/** Sign-in, sessions and credential checks (asked by the gateway). */
@Controller()
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UserService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @RpcHandler(IdentityRpc.login)
  login(@RpcPayload() req: RpcRequest<typeof IdentityRpc.login>, @RpcMeta() meta: RequestMeta) {
    return this.sessions.login(req, meta);
  }

  @RpcHandler(IdentityRpc.refresh)
  refresh(@RpcPayload() req: RpcRequest<typeof IdentityRpc.refresh>, @RpcMeta() meta: RequestMeta) {
    return this.sessions.refresh(req.refreshToken, meta);
  }

  @RpcHandler(IdentityRpc.logout)
  logout(@RpcPayload() req: RpcRequest<typeof IdentityRpc.logout>, @RpcMeta() meta: RequestMeta) {
    return this.sessions.logout(req.sessionId, meta);
  }

  @RpcHandler(IdentityRpc.resolveUser)
  resolveUser(@RpcPayload() req: RpcRequest<typeof IdentityRpc.resolveUser>, @RpcMeta() meta: RequestMeta) {
    return this.sessions.resolveUser(req.userId, req.sessionId, meta);
  }

  @RpcHandler(IdentityRpc.resolveApiKey)
  resolveApiKey(@RpcPayload() req: RpcRequest<typeof IdentityRpc.resolveApiKey>, @RpcMeta() meta: RequestMeta) {
    return this.apiKeys.authenticate(req, meta);
  }

  @RpcHandler(IdentityRpc.changePassword)
  changePassword(@RpcPayload() req: RpcRequest<typeof IdentityRpc.changePassword>, @RpcMeta() meta: RequestMeta) {
    return this.users.changePassword(req, meta);
  }
}
