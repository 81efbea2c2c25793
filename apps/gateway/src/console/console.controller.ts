import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ConsoleRpc, NodeName, OpenConsoleBody, Vmid, type Principal, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { body, param } from '../http/zod.pipe.js';
import { ConsoleService } from './console.service.js';

const ServerId = param('serverId', z.uuid());
const Node = param('node', NodeName);
const VmidParam = param('vmid', Vmid);
const SessionId = param('sessionId', z.uuid());

/** Opening consoles, and the live console sessions (served by the relay replicas). */
@Controller('api/v1')
export class ConsoleController {
  constructor(
    private readonly consoles: ConsoleService,
    private readonly bus: BusClient,
  ) {}

  /** A one-time token (about 30 s, single use) and the relays that redeem it; view-only below the manager role. */
  @Post('tenants/:tenantId/servers/:serverId/nodes/:node/guests/:vmid/console')
  @Authorize('console.view')
  open(
    @Param('serverId', ServerId) serverId: string,
    @Param('node', Node) node: string,
    @Param('vmid', VmidParam) vmid: number,
    @Body(body(OpenConsoleBody)) input: z.output<typeof OpenConsoleBody>,
    @Meta() meta: RequestMeta,
    @CurrentPrincipal() principal: Principal | null,
  ) {
    return this.consoles.open({ serverId, node, vmid }, input, meta, principal);
  }

  @Get('tenants/:tenantId/console-sessions')
  @Authorize('console.sessions.manage')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(ConsoleRpc.listSessions, {}, meta);
  }

  /** Ends a live session wherever it runs; `ended: false` when it was not live. */
  @Delete('tenants/:tenantId/console-sessions/:sessionId')
  @Authorize('console.sessions.manage')
  end(@Param('sessionId', SessionId) sessionId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ConsoleRpc.endSession, { sessionId }, meta);
  }

  /** Every tenant's live sessions, for global admins. */
  @Get('console-sessions')
  @Authorize('console.sessions.manage.global')
  listAll(@Meta() meta: RequestMeta) {
    return this.bus.request(ConsoleRpc.listSessions, {}, meta);
  }
}
