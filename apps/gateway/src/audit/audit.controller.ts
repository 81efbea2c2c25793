import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { AuditQuery, AuditRpc, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { query } from '../http/zod.pipe.js';

/** The audit log: a tenant's chain for its admins, the installation's chain and verification for global admins. */
@Controller('api/v1')
export class AuditController {
  constructor(private readonly bus: BusClient) {}

  @Get('tenants/:tenantId/audit')
  @Authorize('audit.read')
  tenantLog(@Query(query(AuditQuery)) filters: z.output<typeof AuditQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(AuditRpc.query, filters, meta);
  }

  @Get('audit')
  @Authorize('audit.read.global')
  globalLog(@Query(query(AuditQuery)) filters: z.output<typeof AuditQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(AuditRpc.query, filters, meta);
  }

  /** Recomputes every chain; a modified or deleted entry is reported with its id. */
  @Post('audit/verify')
  @HttpCode(200)
  @Authorize('audit.verify')
  verify(@Meta() meta: RequestMeta) {
    return this.bus.request(AuditRpc.verify, {}, meta, { timeoutMs: 60_000 });
  }
}
