import { Body, Controller, Get, Put } from '@nestjs/common';
import type { z } from 'zod';
import { EgressPolicy, EgressRpc, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body } from '../http/zod.pipe.js';

/** The installation's egress policy for server addresses (global admins). */
@Controller('api/v1/egress-policy')
export class EgressPolicyController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('egress.read')
  get(@Meta() meta: RequestMeta) {
    return this.bus.request(EgressRpc.get, {}, meta);
  }

  /** Replaces the whole policy: `{ denyLinkLocal, deniedLoopbackPorts, deniedRanges?, allowedRanges? }` (left-out ranges: none). */
  @Put()
  @Authorize('egress.write')
  put(@Body(body(EgressPolicy)) policy: z.output<typeof EgressPolicy>, @Meta() meta: RequestMeta) {
    return this.bus.request(EgressRpc.put, policy, meta);
  }
}
