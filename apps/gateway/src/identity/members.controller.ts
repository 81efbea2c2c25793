import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
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

  /**
   * Changes a member's role (200 `{ member }`), or adds someone by e-mail: a global admin directly,
   * a tenant admin by invitation (202 `{ invitation }`, whether or not the address has an account).
   */
  @Put()
  @Authorize('member.manage')
  async put(@Body(body(PutMemberBody)) input: z.output<typeof PutMemberBody>, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: Response) {
    const answer = await this.bus.request(IdentityRpc.putMember, input, meta);
    if ('invitation' in answer) res.status(202);
    return answer;
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authorize('member.manage')
  async remove(@Param('userId', param('userId', z.uuid())) userId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(IdentityRpc.removeMember, { userId }, meta);
  }
}
