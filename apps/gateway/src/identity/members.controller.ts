import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { IdentityRpc, PutMemberBody, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param } from '../http/zod.pipe.js';

@Controller('api/v1/tenants/:tenantId/members')
export class MembersController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('member.list')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.listMembers, {}, meta);
  }

  /** Adds a user to the tenant by e-mail, or changes their role. */
  @Put()
  @Authorize('member.manage')
  put(@Body(body(PutMemberBody)) input: z.output<typeof PutMemberBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.putMember, input, meta);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authorize('member.manage')
  async remove(@Param('userId', param('userId', z.uuid())) userId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(IdentityRpc.removeMember, { userId }, meta);
  }
}
