import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { CreateUserBody, IdentityRpc, UpdateUserBody, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param } from '../http/zod.pipe.js';

const UserId = param('userId', z.uuid());

/** Installation-wide user administration (global admins). */
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('user.list')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.listUsers, {}, meta);
  }

  @Post()
  @Authorize('user.create')
  create(@Body(body(CreateUserBody)) input: z.output<typeof CreateUserBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.createUser, input, meta);
  }

  @Patch(':userId')
  @Authorize('user.update')
  update(@Param('userId', UserId) userId: string, @Body(body(UpdateUserBody)) changes: z.output<typeof UpdateUserBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.updateUser, { userId, changes }, meta);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authorize('user.delete')
  async delete(@Param('userId', UserId) userId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(IdentityRpc.deleteUser, { userId }, meta);
  }
}
