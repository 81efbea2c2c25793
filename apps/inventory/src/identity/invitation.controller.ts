import { Controller } from '@nestjs/common';
import { IdentityRpc, type RequestMeta, type RpcRequest } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { InvitationService } from './invitation.service.js';

/** Invitations to tenants: a tenant's pending ones (its admins), and the caller's own. */
@Controller()
export class InvitationController {
  constructor(private readonly invitations: InvitationService) {}

  @RpcHandler(IdentityRpc.listInvitations)
  list(@RpcMeta() meta: RequestMeta) {
    return this.invitations.ofTenant(meta);
  }

  @RpcHandler(IdentityRpc.revokeInvitation)
  revoke(@RpcPayload() req: RpcRequest<typeof IdentityRpc.revokeInvitation>, @RpcMeta() meta: RequestMeta) {
    return this.invitations.revoke(req.invitationId, meta);
  }

  @RpcHandler(IdentityRpc.myInvitations)
  mine(@RpcMeta() meta: RequestMeta) {
    return this.invitations.mine(meta);
  }

  @RpcHandler(IdentityRpc.answerInvitation)
  answer(@RpcPayload() req: RpcRequest<typeof IdentityRpc.answerInvitation>, @RpcMeta() meta: RequestMeta) {
    return this.invitations.answer(req.invitationId, req.accept, meta);
  }
}
