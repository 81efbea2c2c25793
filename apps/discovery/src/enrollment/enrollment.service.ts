import { Injectable } from '@nestjs/common';
import {
  EnrollmentRpc,
  NexusError,
  type AuthKeyView,
  type DiscoveryRpc,
  type EnrollmentView,
  type MintedAuthKey,
  type RequestMeta,
  type RpcRequestData,
  type TailnetCredentials,
  type TailnetDevice,
} from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { BusClient, EventPublisher, requireTenant } from '@pve-nexus/messaging';
import { DeviceSync } from '../devices/device-sync.service.js';
import { TailnetConnections } from '../tailnet/tailnet-connections.service.js';

/**
 * Enrollment (seed 003): mints an auth key, shows it once with the command to run, and later checks
 * whether the expected device joined. The key itself is never stored nor logged: only its id.
 */
@Injectable()
export class EnrollmentService {
  constructor(
    private readonly tailnets: TailnetConnections,
    private readonly sync: DeviceSync,
    private readonly bus: BusClient,
    private readonly events: EventPublisher,
  ) {}

  async create(request: RpcRequestData<typeof DiscoveryRpc.createAuthKey>, meta: RequestMeta): Promise<MintedAuthKey & { enrollmentId: string }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.manage', { tenantId });
    const tailnet = await this.tailnets.require(tenantId, meta);
    const { expectedHostname, ...keyRequest } = request;
    const created = await tailnet.client.createAuthKey(keyRequest);
    const expiresAt = created.view.expiresAt ?? new Date(Date.now() + keyRequest.expirySeconds * 1000).toISOString();
    const enrollment = await this.bus.request(EnrollmentRpc.create, { authKeyId: created.view.id, expectedHostname: expectedHostname ?? null, tags: keyRequest.tags, expiresAt }, meta);
    return { ...created.view, key: created.key, command: joinCommand(tailnet.credentials, created.key, expectedHostname ?? null), enrollmentId: enrollment.id };
  }

  async list(meta: RequestMeta): Promise<{ keys: AuthKeyView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const tailnet = await this.tailnets.require(tenantId, meta);
    return { keys: await tailnet.client.listAuthKeys() };
  }

  async revoke(keyId: string, meta: RequestMeta): Promise<Record<string, never>> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.manage', { tenantId });
    const tailnet = await this.tailnets.require(tenantId, meta);
    await tailnet.client.revokeAuthKey(keyId);
    return {};
  }

  /** Whether the device an enrollment expects has joined (a fresh device list is read); records it once. */
  async validate(enrollmentId: string, meta: RequestMeta): Promise<{ enrolled: boolean; device: TailnetDevice | null; enrollment: EnrollmentView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const { enrollments } = await this.bus.request(EnrollmentRpc.list, {}, meta);
    const enrollment = enrollments.find((candidate) => candidate.id === enrollmentId);
    if (!enrollment) throw new NexusError('NOT_FOUND', 'No such enrollment');
    const tailnet = await this.tailnets.require(tenantId, meta);
    const { devices } = await this.sync.fetch(tailnet);
    if (enrollment.enrolled) {
      return { enrolled: true, device: devices.find((device) => device.id === enrollment.enrolled!.deviceId) ?? null, enrollment };
    }
    const device = devices.find((candidate) => matches(candidate, enrollment)) ?? null;
    if (!device) return { enrolled: false, device: null, enrollment };
    const completed = await this.bus.request(EnrollmentRpc.complete, { enrollmentId, deviceId: device.id, name: device.name }, meta);
    await this.events.publish({
      kind: 'device.status',
      tenantId,
      data: { deviceId: device.id, name: device.name, change: 'enrolled', online: device.connectedToControl, lastSeen: device.lastSeen },
    });
    return { enrolled: true, device, enrollment: completed };
  }
}

/**
 * A device joined for an enrollment: created after its key, and with the expected host name, or else
 * with all its tags, or else (an enrollment naming neither) any such device.
 */
function matches(device: TailnetDevice, enrollment: EnrollmentView): boolean {
  if (device.createdAt && Date.parse(device.createdAt) < Date.parse(enrollment.createdAt) - CLOCK_SKEW_MS) return false;
  if (enrollment.expectedHostname) {
    const shortName = device.name.split('.')[0];
    return device.hostname.toLowerCase() === enrollment.expectedHostname || shortName === enrollment.expectedHostname;
  }
  if (enrollment.tags.length > 0) return enrollment.tags.every((tag) => device.tags.includes(tag));
  return device.createdAt !== null;
}

/** Between the control server's clock and ours. */
const CLOCK_SKEW_MS = 60_000;

/** The command that joins a device with the key (`--login-server` for headscale). */
export function joinCommand(credentials: TailnetCredentials, key: string, hostname: string | null): string {
  const parts = ['tailscale up', `--authkey=${key}`];
  if (credentials.control === 'headscale') parts.push(`--login-server=${credentials.url}`);
  if (hostname) parts.push(`--hostname=${hostname}`);
  return parts.join(' ');
}
