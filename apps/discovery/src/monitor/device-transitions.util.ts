import { isDeviceOnline, type DeviceEventKind, type TailnetDevice } from '@pve-nexus/contracts';

/** What the monitor remembers of a device between two polls. */
export interface KnownDevice {
  name: string;
  online: boolean;
}

export interface DeviceTransition {
  device: { id: string; name: string; lastSeen: string | null };
  kind: DeviceEventKind;
  online: boolean;
}

/**
 * The changes between the previous poll and this one: devices that went online or offline, appeared
 * or were removed. On a tenant's first poll (`previous` null) nothing is a change: it is the baseline.
 */
export function deviceTransitions(previous: ReadonlyMap<string, KnownDevice> | null, devices: readonly TailnetDevice[], now: number, offlineAfterMs: number): { transitions: DeviceTransition[]; known: Map<string, KnownDevice> } {
  const known = new Map<string, KnownDevice>();
  const transitions: DeviceTransition[] = [];
  for (const device of devices) {
    const online = isDeviceOnline(device, now, offlineAfterMs);
    known.set(device.id, { name: device.name, online });
    if (!previous) continue;
    const before = previous.get(device.id);
    const summary = { id: device.id, name: device.name, lastSeen: device.lastSeen };
    if (!before) transitions.push({ device: summary, kind: 'appeared', online });
    else if (before.online !== online) transitions.push({ device: summary, kind: online ? 'online' : 'offline', online });
  }
  for (const [id, before] of previous ?? []) {
    if (!known.has(id)) transitions.push({ device: { id, name: before.name, lastSeen: null }, kind: 'removed', online: false });
  }
  return { transitions, known };
}
