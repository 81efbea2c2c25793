import { Controller } from '@nestjs/common';
import { IdentityRpc, type RequestMeta, type RpcRequest } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ApiKeyService } from './api-key.service.js';
import { TenantService } from './tenant.service.js';

/** Tenants, their members and their API keys; the tenant comes from the request headers. */
@Controller()
export class TenantController {
  constructor(
    private readonly tenants: TenantService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @RpcHandler(IdentityRpc.listTenants)
  list(@RpcMeta() meta: RequestMeta) {
    return this.tenants.list(meta);
  }

  @RpcHandler(IdentityRpc.createTenant)
  create(@RpcPayload() req: RpcRequest<typeof IdentityRpc.createTenant>, @RpcMeta() meta: RequestMeta) {
    return this.tenants.create(req, meta);
  }

  @RpcHandler(IdentityRpc.getTenant)
  get(@RpcMeta() meta: RequestMeta) {
    return this.tenants.get(meta);
  }

  @RpcHandler(IdentityRpc.renameTenant)
  rename(@RpcPayload() req: RpcRequest<typeof IdentityRpc.renameTenant>, @RpcMeta() meta: RequestMeta) {
    return this.tenants.rename(req.name, meta);
  }

  @RpcHandler(IdentityRpc.deactivateTenant)
  deactivate(@RpcMeta() meta: RequestMeta) {
    return this.tenants.setActive(false, meta);
  }

  @RpcHandler(IdentityRpc.activateTenant)
  activate(@RpcMeta() meta: RequestMeta) {
    return this.tenants.setActive(true, meta);
  }

  @RpcHandler(IdentityRpc.listMembers)
  listMembers(@RpcMeta() meta: RequestMeta) {
    return this.tenants.listMembers(meta);
  }

  @RpcHandler(IdentityRpc.putMember)
  putMember(@RpcPayload() req: RpcRequest<typeof IdentityRpc.putMember>, @RpcMeta() meta: RequestMeta) {
    return this.tenants.putMember(req, meta);
  }

  @RpcHandler(IdentityRpc.removeMember)
  removeMember(@RpcPayload() req: RpcRequest<typeof IdentityRpc.removeMember>, @RpcMeta() meta: RequestMeta) {
    return this.tenants.removeMember(req.userId, meta);
  }

  @RpcHandler(IdentityRpc.listApiKeys)
  listApiKeys(@RpcMeta() meta: RequestMeta) {
    return this.apiKeys.list(meta);
  }

  @RpcHandler(IdentityRpc.createApiKey)
  createApiKey(@RpcPayload() req: RpcRequest<typeof IdentityRpc.createApiKey>, @RpcMeta() meta: RequestMeta) {
    return this.apiKeys.create(req, meta);
  }

  @RpcHandler(IdentityRpc.revokeApiKey)
  revokeApiKey(@RpcPayload() req: RpcRequest<typeof IdentityRpc.revokeApiKey>, @RpcMeta() meta: RequestMeta) {
    return this.apiKeys.revoke(req.apiKeyId, meta);
  }
}
