import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CreateApiKeyBody, IdentityRpc, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param } from '../http/zod.pipe.js';

@Controller('api/v1/tenants/:tenantId/api-keys')
export class ApiKeysController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('apikey.list')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.listApiKeys, {}, meta);
  }

  /** The answer holds the key's token: the only time it is ever shown. */
  @Post()
  @Authorize('apikey.create')
  create(@Body(body(CreateApiKeyBody)) input: z.output<typeof CreateApiKeyBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.createApiKey, input, meta);
  }

  @Delete(':apiKeyId')
  @Authorize('apikey.revoke')
  revoke(@Param('apiKeyId', param('apiKeyId', z.uuid())) apiKeyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.revokeApiKey, { apiKeyId }, meta);
  }
}
