import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AcceptFingerprintsBody, CreateServerBody, MAX_CSV_GZIP_BASE64, NexusError, ServerHealthQuery, ServerHealthRpc, ServerListQuery, ServerRpc, UpdateServerBody, type RequestMeta } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param, query } from '../http/zod.pipe.js';
import { tooLarge } from '../http/problem.filter.js';

const ServerId = param('serverId', z.uuid());
const ImportQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).default('true') });
/** A test is slower than a bus hop: it waits for the server's own connect timeout. */
const TEST_TIMEOUT_MS = 130_000;

/** A tenant's Proxmox servers. Static paths come before `:serverId` so they are not taken for ids. */
@Controller('api/v1/tenants/:tenantId/servers')
export class ServersController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @Authorize('server.read')
  list(@Query(query(ServerListQuery)) page: z.output<typeof ServerListQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.list, page, meta);
  }

  @Post()
  @Authorize('server.write')
  create(@Body(body(CreateServerBody)) input: z.output<typeof CreateServerBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.create, input, meta);
  }

  /** Test before save: the form's values, nothing stored. */
  @Post('test')
  @HttpCode(200)
  @Authorize('server.write')
  testUnsaved(@Body(body(CreateServerBody)) input: z.output<typeof CreateServerBody>, @Meta() meta: RequestMeta) {
    const connection = { ...input, tailscaleHostname: input.tailscaleHostname ?? null, pins: [] };
    return this.bus.request(ServerRpc.test, { connection }, meta, { timeoutMs: TEST_TIMEOUT_MS });
  }

  /** CSV with the seed's columns: `?dryRun=true` (default) reports every row; `false` imports all or none. */
  @Post('import')
  @HttpCode(200)
  @Authorize('server.write')
  import(@Body() csv: unknown, @Query(query(ImportQuery)) options: z.output<typeof ImportQuery>, @Meta() meta: RequestMeta) {
    if (typeof csv !== 'string' || csv.length === 0) {
      throw new NexusError('VALIDATION', 'Send the file as text/csv', [{ path: '(body)', message: 'a CSV file (Content-Type: text/csv)' }]);
    }
    const csvGzipBase64 = gzipSync(csv).toString('base64');
    // Within the body limit yet too large for the bus once compressed (text that barely compresses).
    if (csvGzipBase64.length > MAX_CSV_GZIP_BASE64) throw tooLarge('file');
    return this.bus.request(ServerRpc.importCsv, { csvGzipBase64, dryRun: options.dryRun === 'true' }, meta, { timeoutMs: 90_000 });
  }

  @Get('export')
  @Authorize('server.read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="servers.csv"')
  async export(@Meta() meta: RequestMeta, @Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Cache-Control', 'no-store');
    return (await this.bus.request(ServerRpc.exportCsv, {}, meta)).csv;
  }

  @Get(':serverId')
  @Authorize('server.read')
  get(@Param('serverId', ServerId) serverId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.get, { serverId }, meta);
  }

  /** Status, learned timeout, hourly success rates and latencies (`?hours=24`), and the last 20 checks. */
  @Get(':serverId/health')
  @Authorize('server.read')
  health(@Param('serverId', ServerId) serverId: string, @Query(query(ServerHealthQuery)) range: z.output<typeof ServerHealthQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerHealthRpc.health, { serverId, hours: range.hours }, meta);
  }

  @Patch(':serverId')
  @Authorize('server.write')
  update(@Param('serverId', ServerId) serverId: string, @Body(body(UpdateServerBody)) changes: z.output<typeof UpdateServerBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.update, { serverId, changes }, meta);
  }

  @Delete(':serverId')
  @HttpCode(204)
  @Authorize('server.write')
  async delete(@Param('serverId', ServerId) serverId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(ServerRpc.delete, { serverId }, meta);
  }

  @Post(':serverId/test')
  @HttpCode(200)
  @Authorize('server.write')
  test(@Param('serverId', ServerId) serverId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.test, { serverId }, meta, { timeoutMs: TEST_TIMEOUT_MS });
  }

  /** Accepts certificate fingerprints a test showed (first use, a new node, a rotated certificate). */
  @Post(':serverId/fingerprints')
  @HttpCode(200)
  @Authorize('server.tls.accept')
  accept(@Param('serverId', ServerId) serverId: string, @Body(body(AcceptFingerprintsBody)) input: z.output<typeof AcceptFingerprintsBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(ServerRpc.acceptFingerprints, { serverId, ...input }, meta);
  }
}
