import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { IdentityRpc, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { param } from '../http/zod.pipe.js';

const InvitationId = param('invitationId', z.uuid());

/** A tenant's pending invitations (made by `PUT .../members`), for its admins. */
@Controller('api/v1/tenants/:tenantId/invitations')
export class TenantInvitationsController {
  constructor(private readonly bus: BusClient) {}

  /** Not yet answered and not expired. */
  @Get()
  @Authorize('member.list')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.listInvitations, {}, meta);
  }

  @Delete(':invitationId')
  @HttpCode(204)
  @Authorize('member.manage')
  async revoke(@Param('invitationId', InvitationId) invitationId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(IdentityRpc.revokeInvitation, { invitationId }, meta);
  }
}

/** The signed-in person's invitations to tenants, to accept or decline. */
@Controller('api/v1/me/invitations')
export class MyInvitationsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('self.invitations')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.myInvitations, {}, meta);
  }

  @Post(':invitationId/accept')
  @HttpCode(200)
  @Authorize('self.invitations')
  accept(@Param('invitationId', InvitationId) invitationId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.answerInvitation, { invitationId, accept: true }, meta);
  }

  @Post(':invitationId/decline')
  @HttpCode(200)
  @Authorize('self.invitations')
  decline(@Param('invitationId', InvitationId) invitationId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.answerInvitation, { invitationId, accept: false }, meta);
  }
}
