import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiBrowseRpc, BulkActionBody, FleetBulkRpc, FleetRpc, GuestActionBody, NodeName, ProxmoxApiPath, Upid, Vmid, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param } from '../http/zod.pipe.js';
import { RawApiPath } from './raw-api-path.decorator.js';

const ServerId = param('serverId', z.uuid());
const Node = param('node', NodeName);
const VmidParam = param('vmid', Vmid);
const UpidParam = param('upid', Upid);
const ApiPath = param('path', ProxmoxApiPath);
/**
 * A list waits for the slowest server's own timeout (at most 120 s, the largest allowed), and an
 * action for the server's connect timeout plus Proxmox's answer: longer than a usual bus hop.
 */
const PROXMOX_RPC_TIMEOUT_MS = 135_000;
/** A bulk execution starts up to 500 actions, a few at a time per server: allow it several Proxmox round trips. */
const BULK_RPC_TIMEOUT_MS = 300_000;

/** The tenant's fleet: guests of every server, power actions and their tasks. */
@Controller('api/v1/tenants/:tenantId')
export class FleetController {
  constructor(private readonly bus: BusClient) {}

  /** Every guest of every server; a failing server is an error entry in `servers`, not a failed request. */
  @Get('fleet')
  @Authorize('vm.read')
  list(@Meta() meta: RequestMeta) {
    return this.bus.request(FleetRpc.list, {}, meta, { timeoutMs: PROXMOX_RPC_TIMEOUT_MS });
  }

  /** Starts a power action: 202 with the task id; follow it at `.../nodes/:node/tasks/:upid`. */
  @Post('servers/:serverId/nodes/:node/guests/:vmid/actions')
  @HttpCode(202)
  @Authorize('vm.operate')
  action(
    @Param('serverId', ServerId) serverId: string,
    @Param('node', Node) node: string,
    @Param('vmid', VmidParam) vmid: number,
    @Body(body(GuestActionBody)) input: z.output<typeof GuestActionBody>,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(FleetRpc.action, { serverId, node, vmid, ...input }, meta, { timeoutMs: PROXMOX_RPC_TIMEOUT_MS });
  }

  @Get('servers/:serverId/nodes/:node/tasks/:upid')
  @Authorize('task.read')
  task(@Param('serverId', ServerId) serverId: string, @Param('node', Node) node: string, @Param('upid', UpidParam) upid: string, @Meta() meta: RequestMeta) {
    return this.bus.request(FleetRpc.task, { serverId, node, upid }, meta, { timeoutMs: PROXMOX_RPC_TIMEOUT_MS });
  }

  /**
   * One power action over 1 to 500 guests across servers: per-guest outcomes, never all-or-nothing.
   * `dryRun: true` only says what would happen. Execution answers once every guest's action has
   * started (or failed); the tasks are followed in the background.
   */
  @Post('fleet/actions')
  @HttpCode(200)
  @Authorize('vm.operate')
  bulkAction(@Body(body(BulkActionBody)) input: z.output<typeof BulkActionBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(FleetBulkRpc.bulkAction, input, meta, { timeoutMs: BULK_RPC_TIMEOUT_MS });
  }

  /** Read-only Proxmox API browser: `GET /api2/json/<path>` of a whitelisted path, as `{ path, data }`. */
  @Get('servers/:serverId/api/*path')
  @Authorize('server.api.browse')
  browse(@Param('serverId', ServerId) serverId: string, @RawApiPath(ApiPath) path: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ApiBrowseRpc.get, { serverId, path }, meta, { timeoutMs: PROXMOX_RPC_TIMEOUT_MS });
  }
}
