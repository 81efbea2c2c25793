import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { z } from 'zod';
import { MachineRpc, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { param } from '../http/zod.pipe.js';

const MachineId = param('machineId', z.uuid());

/** A tenant's machines (imported from its tailnet through `.../tailscale/import`). */
@Controller('api/v1/tenants/:tenantId/machines')
export class MachinesController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('machine.read')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(MachineRpc.list, {}, meta);
  }

  @Delete(':machineId')
  @HttpCode(204)
  @Authorize('machine.manage')
  async remove(@Param('machineId', MachineId) machineId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(MachineRpc.remove, { machineId }, meta);
  }
}
