import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { cleanJson, lineText, nameText } from '../text/safe-text.js';
import { CreateAuthKeyBody, AuthKeyView, MintedAuthKey } from './auth-key.contract.js';
import { DeviceList, DeviceQuery, TailnetDevice } from './tailnet-device.contract.js';
import { TailnetCredentialsBody, TailnetCredentialsView, TailnetTestResult } from './tailnet-settings.contract.js';

const Timestamp = z.iso.datetime({ offset: true });

/** The stored credentials with their secret, for discovery only (never a client), and their version. */
export const OpenedTailnetCredentials = z.strictObject({
  credentials: TailnetCredentialsBody,
  /** Changes whenever the credentials do: cache entries and OAuth tokens are keyed on it. */
  version: z.string(),
});
export type OpenedTailnetCredentials = z.infer<typeof OpenedTailnetCredentials>;

/** Inventory: a tenant's tailnet credentials (tenant admins write them; discovery opens them). */
export const TailnetSettingsRpc = {
  get: defineRpc('inventory.tailnet.get', z.strictObject({}), TailnetCredentialsView.nullable()),
  put: defineRpc('inventory.tailnet.put', TailnetCredentialsBody, TailnetCredentialsView),
  remove: defineRpc('inventory.tailnet.remove', z.strictObject({}), z.strictObject({})),
  /** Null when the tenant has no tailnet. */
  open: defineRpc('inventory.tailnet.open', z.strictObject({}), OpenedTailnetCredentials.nullable()),
  /** Tenants with tailnet credentials, for discovery's monitor. */
  tenants: defineRpc('inventory.tailnet.tenants', z.strictObject({}), z.strictObject({ tenantIds: z.array(z.uuid()) })),
} as const;

export const MachineType = z.enum(['server', 'workstation']);
export type MachineType = z.infer<typeof MachineType>;

/** What a person gives for one device to import. */
export const ImportDeviceInput = z.strictObject({
  deviceId: lineText(100, 1).trim(),
  displayName: nameText(100),
  machineType: MachineType.default('server'),
  /** Thermal design power in watts. */
  tdpWatts: z.coerce.number().int().min(1).max(100_000).nullish(),
  category: nameText(50).nullish(),
});

/** `POST .../tailscale/import`: one or several devices. */
export const ImportDevicesBody = z.strictObject({
  devices: z.array(ImportDeviceInput).min(1).max(100).refine((devices) => new Set(devices.map((device) => device.deviceId)).size === devices.length, 'each device once'),
});
export type ImportDevicesBody = z.input<typeof ImportDevicesBody>;

export const MachineView = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  hostname: z.string(),
  tailscaleDeviceId: z.string().nullable(),
  machineType: MachineType,
  tdpWatts: z.number().int().nullable(),
  category: z.string().nullable(),
  source: z.enum(['tailscale', 'manual']),
  createdAt: Timestamp,
});
export type MachineView = z.infer<typeof MachineView>;

/** A device resolved by discovery, ready to store as a machine (hostname locked to its MagicDNS name). */
const MachineFromDevice = ImportDeviceInput.extend({ hostname: lineText(253, 1) });

export const MachineRpc = {
  list: defineRpc('inventory.machine.list', z.strictObject({}), z.strictObject({ machines: z.array(MachineView) })),
  /** All or none: a device already imported (same device id or host name) is a CONFLICT naming the machine. */
  importDevices: defineRpc('inventory.machine.import', z.strictObject({ machines: z.array(MachineFromDevice).min(1).max(100) }), z.strictObject({ machines: z.array(MachineView) })),
  remove: defineRpc('inventory.machine.remove', z.strictObject({ machineId: z.uuid() }), z.strictObject({})),
} as const;

export const DeviceEventKind = z.enum(['online', 'offline', 'appeared', 'removed', 'enrolled']);
export type DeviceEventKind = z.infer<typeof DeviceEventKind>;

export const DeviceEventInput = z.strictObject({
  deviceId: lineText(100, 1),
  deviceName: lineText(253, 1),
  kind: DeviceEventKind,
  at: Timestamp,
  /** Recorded as given, cleaned as audit details are (no NUL, no prototype keys). */
  details: z.record(lineText(64), z.unknown()).default({}).transform((value) => cleanJson(value) as Record<string, unknown>),
});
export const DeviceEventView = DeviceEventInput.extend({ id: z.uuid() });
export type DeviceEventView = z.infer<typeof DeviceEventView>;

export const DeviceEventQuery = z.strictObject({
  deviceId: lineText(100, 1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const DeviceEventRpc = {
  /** Discovery's monitor records transitions. */
  record: defineRpc('inventory.device-event.record', z.strictObject({ events: z.array(DeviceEventInput).min(1).max(1_000) }), z.strictObject({})),
  list: defineRpc('inventory.device-event.list', DeviceEventQuery, z.strictObject({ events: z.array(DeviceEventView) })),
} as const;

/** An enrollment: an auth key the product minted and what joined with it. */
export const EnrollmentView = z.strictObject({
  id: z.uuid(),
  authKeyId: z.string(),
  expectedHostname: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  enrolled: z.strictObject({ deviceId: z.string(), name: z.string(), at: Timestamp }).nullable(),
});
export type EnrollmentView = z.infer<typeof EnrollmentView>;

export const EnrollmentRpc = {
  create: defineRpc(
    'inventory.enrollment.create',
    z.strictObject({ authKeyId: lineText(100, 1), expectedHostname: lineText(253).nullable(), tags: z.array(lineText(200)).max(20), expiresAt: Timestamp }),
    EnrollmentView,
  ),
  list: defineRpc('inventory.enrollment.list', z.strictObject({}), z.strictObject({ enrollments: z.array(EnrollmentView) })),
  complete: defineRpc('inventory.enrollment.complete', z.strictObject({ enrollmentId: z.uuid(), deviceId: lineText(100, 1), name: lineText(253, 1) }), EnrollmentView),
} as const;

/** `POST .../tailscale/auth-keys`: an auth key, and optionally the host name the device will have. */
export const EnrollBody = CreateAuthKeyBody.extend({
  expectedHostname: z.string().trim().toLowerCase().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'a host name (letters, digits and dashes)').nullish(),
});
export type EnrollBody = z.input<typeof EnrollBody>;

/** What discovery knows about a tenant's tailnet. */
export const TailnetStatus = z.strictObject({
  /** `tailscale` when the tenant has tailnet credentials (machines are reached by MagicDNS name), else `direct_ssh`. */
  mode: z.enum(['tailscale', 'direct_ssh']),
  control: z.enum(['tailscale', 'headscale']).nullable(),
  tailnet: z.string().nullable(),
  deviceCount: z.number().int().nonnegative().nullable(),
  onlineCount: z.number().int().nonnegative().nullable(),
  lastSync: Timestamp.nullable(),
  lastError: z.strictObject({ message: z.string(), at: Timestamp, retryAfterSeconds: z.number().int().nullable() }).nullable(),
});
export type TailnetStatus = z.infer<typeof TailnetStatus>;

/** Discovery: the tenant's tailnet as its control server reports it. */
export const DiscoveryRpc = {
  devices: defineRpc('discovery.device.list', DeviceQuery, DeviceList),
  device: defineRpc('discovery.device.get', z.strictObject({ deviceId: lineText(100, 1) }), TailnetDevice),
  status: defineRpc('discovery.tailnet.status', z.strictObject({}), TailnetStatus),
  /** Tests the stored credentials, or the given ones before they are saved. */
  test: defineRpc('discovery.tailnet.test', z.strictObject({ credentials: TailnetCredentialsBody.optional() }), TailnetTestResult),
  importDevices: defineRpc('discovery.device.import', ImportDevicesBody, z.strictObject({ machines: z.array(MachineView) })),
  createAuthKey: defineRpc('discovery.auth-key.create', EnrollBody, MintedAuthKey.extend({ enrollmentId: z.uuid() })),
  listAuthKeys: defineRpc('discovery.auth-key.list', z.strictObject({}), z.strictObject({ keys: z.array(AuthKeyView) })),
  revokeAuthKey: defineRpc('discovery.auth-key.revoke', z.strictObject({ keyId: lineText(100, 1) }), z.strictObject({})),
  /** Looks for the device an enrollment expects; records it when it appeared. */
  validateEnrollment: defineRpc('discovery.enrollment.validate', z.strictObject({ enrollmentId: z.uuid() }), z.strictObject({ enrolled: z.boolean(), device: TailnetDevice.nullable(), enrollment: EnrollmentView })),
  /** Polls the control server now (the monitor's work, on demand). */
  sync: defineRpc('discovery.device.sync', z.strictObject({}), TailnetStatus),
} as const;
