import { Injectable } from '@nestjs/common';
import { NexusError, type DeviceEventView, type EnrollmentRpc, type EnrollmentView, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { requireTenant } from '@pve-nexus/messaging';
import { actorColumns } from '../audit/audit-record.js';
import { AuditWriter } from '../audit/audit.writer.js';
import { DeviceEventRepository, type NewDeviceEvent } from './device-event.repository.js';
import { EnrollmentRepository } from './enrollment.repository.js';

/** What happened to a tenant's tailnet devices: monitor transitions and enrollments. */
@Injectable()
export class DeviceHistoryService {
  constructor(
    private readonly events: DeviceEventRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly audit: AuditWriter,
  ) {}

  /** Discovery's monitor records transitions as itself; nobody else may write history. */
  async record(events: NewDeviceEvent[], meta: RequestMeta): Promise<Record<string, never>> {
    const tenantId = requireTenant(meta);
    if (meta.actor.type !== 'system') throw new NexusError('FORBIDDEN', 'Only services may do this');
    await this.events.record(tenantId, events);
    return {};
  }

  async list(query: { deviceId?: string; limit: number }, meta: RequestMeta): Promise<{ events: DeviceEventView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    return { events: await this.events.list(tenantId, query) };
  }

  async createEnrollment(request: RpcRequestData<typeof EnrollmentRpc.create>, meta: RequestMeta): Promise<EnrollmentView> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.manage', { tenantId });
    const enrollment = await this.enrollments.create(tenantId, { ...request, expiresAt: new Date(request.expiresAt), createdById: actorColumns(meta.actor).actorId });
    await this.audit.append({
      tenantId,
      actor: meta.actor,
      action: 'tailnet.authkey.create',
      outcome: 'success',
      targetType: 'enrollment',
      targetId: enrollment.id,
      requestId: meta.requestId,
      details: { authKeyId: request.authKeyId, expectedHostname: request.expectedHostname, tags: request.tags, expiresAt: request.expiresAt },
    });
    return enrollment;
  }

  async listEnrollments(meta: RequestMeta): Promise<{ enrollments: EnrollmentView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    return { enrollments: await this.enrollments.list(tenantId) };
  }

  /** Records the device an enrollment expected, once, with its `enrolled` event. */
  async completeEnrollment(request: RpcRequestData<typeof EnrollmentRpc.complete>, meta: RequestMeta): Promise<EnrollmentView> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const result = await this.enrollments.complete(tenantId, request.enrollmentId, { deviceId: request.deviceId, name: request.name });
    if (!result) throw new NexusError('NOT_FOUND', 'No such enrollment');
    if (result.changed) {
      await this.events.record(tenantId, [{ deviceId: request.deviceId, deviceName: request.name, kind: 'enrolled', at: new Date(), details: { enrollmentId: request.enrollmentId } }]);
    }
    return result.enrollment;
  }
}
