import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  DeviceEventQuery,
  DeviceEventRpc,
  DeviceQuery,
  DiscoveryRpc,
  EnrollBody,
  EnrollmentRpc,
  ImportDevicesBody,
  TailnetCredentialsBody,
  TailnetSettingsRpc,
  type RequestMeta,
} from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { Meta } from '../auth/request-context.js';
import { body, param, query } from '../http/zod.pipe.js';

const DeviceId = param('deviceId', z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'a device id'));
const KeyId = param('keyId', z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'an auth key id'));
const EnrollmentId = param('enrollmentId', z.uuid());
const credentialsBody = body(TailnetCredentialsBody, { unprocessableContent: true });
/** Calls that wait on a control server: its 10 s budget, retries and the bus hop. */
const CONTROL_TIMEOUT_MS = 30_000;

/**
 * A tenant's tailnet (Settings › Connectivity, discovery, enrollment): credentials live in inventory,
 * everything that talks to the control server in discovery.
 */
@Controller('api/v1/tenants/:tenantId/tailscale')
export class TailnetController {
  constructor(private readonly bus: BusClient) {}

  /** The stored credentials without their secret; `credentials: null` when the tenant has none. */
  @Get('credentials')
  @Authorize('settings.read')
  async credentials(@Meta() meta: RequestMeta) {
    return { credentials: await this.bus.request(TailnetSettingsRpc.get, {}, meta) };
  }

  @Put('credentials')
  @Authorize('settings.write')
  saveCredentials(@Body(credentialsBody) credentials: z.output<typeof TailnetCredentialsBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(TailnetSettingsRpc.put, credentials, meta);
  }

  @Delete('credentials')
  @HttpCode(204)
  @Authorize('settings.write')
  async removeCredentials(@Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(TailnetSettingsRpc.remove, {}, meta);
  }

  /**
   * Tests credentials before they are saved, or the stored ones when the body is empty: the tailnet's
   * name and device count, or why the credentials do not work (still 200: the test ran).
   */
  @Post('test')
  @HttpCode(200)
  @Authorize('settings.write')
  test(@Body() input: unknown, @Meta() meta: RequestMeta) {
    const empty = input === undefined || (typeof input === 'object' && input !== null && Object.keys(input).length === 0);
    const credentials = empty ? undefined : credentialsBody.transform(input);
    return this.bus.request(DiscoveryRpc.test, credentials ? { credentials } : {}, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Get('status')
  @Authorize('device.read')
  status(@Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.status, {}, meta);
  }

  /** Filters `status`, `os`, `tag`, `search`; `refresh=1` skips the five-minute cache (rate limited). */
  @Get('devices')
  @Authorize('device.read')
  devices(@Query(query(DeviceQuery)) filters: z.output<typeof DeviceQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.devices, filters, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Get('devices/:deviceId')
  @Authorize('device.read')
  device(@Param('deviceId', DeviceId) deviceId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.device, { deviceId }, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  /** Device history (online, offline, appeared, removed, enrolled), newest first; `deviceId` narrows it. */
  @Get('events')
  @Authorize('device.read')
  events(@Query(query(DeviceEventQuery)) filters: z.output<typeof DeviceEventQuery>, @Meta() meta: RequestMeta) {
    return this.bus.request(DeviceEventRpc.list, filters, meta);
  }

  /** Polls the control server now, as the monitor does every 30 s. */
  @Post('sync')
  @HttpCode(200)
  @Authorize('device.manage')
  sync(@Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.sync, {}, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Post('import')
  @Authorize('machine.manage')
  importDevices(@Body(body(ImportDevicesBody)) request: z.output<typeof ImportDevicesBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.importDevices, request, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Get('auth-keys')
  @Authorize('device.read')
  authKeys(@Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.listAuthKeys, {}, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  /** Mints an auth key for enrolling a device: the key and the command to run, shown this once. */
  @Post('auth-keys')
  @Authorize('device.manage')
  createAuthKey(@Body(body(EnrollBody)) request: z.output<typeof EnrollBody>, @Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.createAuthKey, request, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Delete('auth-keys/:keyId')
  @HttpCode(204)
  @Authorize('device.manage')
  async revokeAuthKey(@Param('keyId', KeyId) keyId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(DiscoveryRpc.revokeAuthKey, { keyId }, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }

  @Get('enrollments')
  @Authorize('device.read')
  enrollments(@Meta() meta: RequestMeta) {
    return this.bus.request(EnrollmentRpc.list, {}, meta);
  }

  /** Whether the enrollment's device has joined (reads the tailnet now). */
  @Post('enrollments/:enrollmentId/validate')
  @HttpCode(200)
  @Authorize('device.manage')
  validate(@Param('enrollmentId', EnrollmentId) enrollmentId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(DiscoveryRpc.validateEnrollment, { enrollmentId }, meta, { timeoutMs: CONTROL_TIMEOUT_MS });
  }
}
