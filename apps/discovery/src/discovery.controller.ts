import { Controller } from '@nestjs/common';
import { DiscoveryRpc, type RequestMeta, type RpcRequestData, type TailnetCredentials } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { DeviceService } from './devices/device.service.js';
import { EnrollmentService } from './enrollment/enrollment.service.js';
import { DeviceMonitor } from './monitor/device-monitor.service.js';

type Request<K extends keyof typeof DiscoveryRpc> = RpcRequestData<(typeof DiscoveryRpc)[K]>;

@Controller()
export class DiscoveryController {
  constructor(
    private readonly devices: DeviceService,
    private readonly enrollment: EnrollmentService,
    private readonly monitor: DeviceMonitor,
  ) {}

  @RpcHandler(DiscoveryRpc.devices)
  list(@RpcPayload() query: Request<'devices'>, @RpcMeta() meta: RequestMeta) {
    return this.devices.list(query, meta);
  }

  @RpcHandler(DiscoveryRpc.device)
  get(@RpcPayload() request: Request<'device'>, @RpcMeta() meta: RequestMeta) {
    return this.devices.get(request.deviceId, meta);
  }

  @RpcHandler(DiscoveryRpc.status)
  status(@RpcMeta() meta: RequestMeta) {
    return this.devices.status(meta);
  }

  @RpcHandler(DiscoveryRpc.test)
  test(@RpcPayload() request: Request<'test'>, @RpcMeta() meta: RequestMeta) {
    return this.devices.test(request.credentials as TailnetCredentials | undefined, meta);
  }

  @RpcHandler(DiscoveryRpc.importDevices)
  importDevices(@RpcPayload() request: Request<'importDevices'>, @RpcMeta() meta: RequestMeta) {
    return this.devices.importDevices(request, meta);
  }

  @RpcHandler(DiscoveryRpc.sync)
  sync(@RpcMeta() meta: RequestMeta) {
    return this.monitor.syncNow(meta);
  }

  @RpcHandler(DiscoveryRpc.createAuthKey)
  createAuthKey(@RpcPayload() request: Request<'createAuthKey'>, @RpcMeta() meta: RequestMeta) {
    return this.enrollment.create(request, meta);
  }

  @RpcHandler(DiscoveryRpc.listAuthKeys)
  listAuthKeys(@RpcMeta() meta: RequestMeta) {
    return this.enrollment.list(meta);
  }

  @RpcHandler(DiscoveryRpc.revokeAuthKey)
  revokeAuthKey(@RpcPayload() request: Request<'revokeAuthKey'>, @RpcMeta() meta: RequestMeta) {
    return this.enrollment.revoke(request.keyId, meta);
  }

  @RpcHandler(DiscoveryRpc.validateEnrollment)
  validateEnrollment(@RpcPayload() request: Request<'validateEnrollment'>, @RpcMeta() meta: RequestMeta) {
    return this.enrollment.validate(request.enrollmentId, meta);
  }
}
