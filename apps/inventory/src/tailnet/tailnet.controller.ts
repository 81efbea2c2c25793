import { Controller } from '@nestjs/common';
import { DeviceEventRpc, EnrollmentRpc, TailnetSettingsRpc, type RequestMeta, type RpcRequestData, type TailnetCredentials } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { DeviceHistoryService } from './device-history.service.js';
import { TailnetSettingsService } from './tailnet-settings.service.js';

@Controller()
export class TailnetController {
  constructor(
    private readonly settings: TailnetSettingsService,
    private readonly history: DeviceHistoryService,
  ) {}

  @RpcHandler(TailnetSettingsRpc.get)
  get(@RpcMeta() meta: RequestMeta) {
    return this.settings.view(meta);
  }

  @RpcHandler(TailnetSettingsRpc.put)
  put(@RpcPayload() credentials: TailnetCredentials, @RpcMeta() meta: RequestMeta) {
    return this.settings.replace(credentials, meta);
  }

  @RpcHandler(TailnetSettingsRpc.remove)
  remove(@RpcMeta() meta: RequestMeta) {
    return this.settings.remove(meta);
  }

  @RpcHandler(TailnetSettingsRpc.open)
  open(@RpcMeta() meta: RequestMeta) {
    return this.settings.open(meta);
  }

  @RpcHandler(TailnetSettingsRpc.tenants)
  tenants(@RpcMeta() meta: RequestMeta) {
    return this.settings.tenantIds(meta);
  }

  @RpcHandler(DeviceEventRpc.record)
  record(@RpcPayload() request: RpcRequestData<typeof DeviceEventRpc.record>, @RpcMeta() meta: RequestMeta) {
    return this.history.record(request.events.map((event) => ({ ...event, at: new Date(event.at) })), meta);
  }

  @RpcHandler(DeviceEventRpc.list)
  events(@RpcPayload() query: RpcRequestData<typeof DeviceEventRpc.list>, @RpcMeta() meta: RequestMeta) {
    return this.history.list(query, meta);
  }

  @RpcHandler(EnrollmentRpc.create)
  createEnrollment(@RpcPayload() request: RpcRequestData<typeof EnrollmentRpc.create>, @RpcMeta() meta: RequestMeta) {
    return this.history.createEnrollment(request, meta);
  }

  @RpcHandler(EnrollmentRpc.list)
  enrollments(@RpcMeta() meta: RequestMeta) {
    return this.history.listEnrollments(meta);
  }

  @RpcHandler(EnrollmentRpc.complete)
  completeEnrollment(@RpcPayload() request: RpcRequestData<typeof EnrollmentRpc.complete>, @RpcMeta() meta: RequestMeta) {
    return this.history.completeEnrollment(request, meta);
  }
}
