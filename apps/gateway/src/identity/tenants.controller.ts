import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { z } from 'zod';
import { CreateTenantBody, IdentityRpc, RenameTenantBody, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body } from '../http/zod.pipe.js';

/** Tenants; `:tenantId` is checked by the guard and travels in the bus headers. */
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('tenant.list')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.listTenants, {}, meta);
  }

  @Post()
  @Authorize('tenant.create')
  create(@Body(body(CreateTenantBody)) input: z.output<typeof CreateTenantBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.createTenant, input, meta);
  }

  @Get(':tenantId')
  @Authorize('tenant.read')
  get(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.getTenant, {}, meta);
  }

  @Patch(':tenantId')
  @Authorize('tenant.rename')
  rename(@Body(body(RenameTenantBody)) input: z.output<typeof RenameTenantBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.renameTenant, input, meta);
  }

  @Post(':tenantId/deactivate')
  @HttpCode(200)
  @Authorize('tenant.deactivate')
  deactivate(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.deactivateTenant, {}, meta);
  }

  @Post(':tenantId/activate')
  @HttpCode(200)
  @Authorize('tenant.activate')
  activate(@Meta() meta: RequestMeta) {
    return this.bus.request(IdentityRpc.activateTenant, {}, meta);
  }
}
