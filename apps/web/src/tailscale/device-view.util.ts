// How the discovery page shows a tailnet's devices: online or offline (from the list, or from a newer
// live `device.status` event), when each was last seen, and how old a list served from cache is.
import { isDeviceOnline, type DeviceStatusData, type TailnetDevice } from '@pve-nexus/contracts';
import { formatRelative } from '../ui/format.util';

/**
 * Discovery's default DEVICE_OFFLINE_AFTER_MS: a device not connected but seen this recently still
 * counts as online. The list does not carry the installation's value, so live events (which do carry
 * discovery's own verdict) win over this guess whenever they are newer than the list.
 */
export const OFFLINE_AFTER_MS = 120_000;

/** The last `device.status` event of a device, with when it happened. */
export interface LiveDeviceStatus {
  online: boolean;
  lastSeen: string | null;
  at: number;
}

export type ShownDevice = TailnetDevice & { online: boolean };

export interface DeviceFilterValues {
  status: '' | 'online' | 'offline';
  os: string;
  tag: string;
  search: string;
}

export const NO_DEVICE_FILTERS: DeviceFilterValues = { status: '', os: '', tag: '', search: '' };

/** The filters as the API takes them: empty ones left out. */
export function deviceQueryOf(filters: DeviceFilterValues): { status?: 'online' | 'offline'; os?: string; tag?: string; search?: string } {
  const text = (value: string) => value.trim() || undefined;
  return { status: filters.status || undefined, os: text(filters.os), tag: text(filters.tag), search: text(filters.search) };
}

/** The live status of a device from an event, keyed by device id. */
export function liveStatusOf(data: DeviceStatusData, occurredAt: string): LiveDeviceStatus {
  return { online: data.online, lastSeen: data.lastSeen, at: Date.parse(occurredAt) };
}

/** Each device with `online`: a live event newer than the list wins; otherwise the list's own fields decide. */
export function shownDevices(devices: readonly TailnetDevice[], fetchedAt: string, live: Readonly<Record<string, LiveDeviceStatus>>, now: number): ShownDevice[] {
  const listedAt = Date.parse(fetchedAt);
  return devices.map((device) => {
    const event = live[device.id];
    if (event && event.at >= listedAt) return { ...device, online: event.online, lastSeen: event.lastSeen ?? device.lastSeen };
    return { ...device, online: isDeviceOnline(device, now, OFFLINE_AFTER_MS) };
  });
}

/** `Connected now`, `2 minutes ago`, or `Never` for a device that was never seen. */
export function lastSeenLabel(device: Pick<ShownDevice, 'online' | 'lastSeen' | 'connectedToControl'>, now: number): string {
  if (device.connectedToControl && device.online) return 'Connected now';
  if (!device.lastSeen) return device.online ? 'Connected now' : 'Never';
  return formatRelative(device.lastSeen, now);
}

/** `Showing the list from 3 minutes ago: <reason>`: a list discovery could not renew. */
export function staleMessage(fetchedAt: string, reason: string, now: number): string {
  const age = now - Date.parse(fetchedAt) < 60_000 ? 'moments ago' : formatRelative(fetchedAt, now);
  return `Showing the list from ${age}: ${reason.replace(/\.$/, '')}.`;
}

/** The OS names and tags of the devices seen so far, sorted, for the filters' options. */
export function filterOptions(previous: { os: string[]; tags: string[] }, devices: readonly TailnetDevice[]): { os: string[]; tags: string[] } {
  const os = new Set(previous.os);
  const tags = new Set(previous.tags);
  for (const device of devices) {
    if (device.os) os.add(device.os);
    for (const tag of device.tags) tags.add(tag);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { os: sorted(os), tags: sorted(tags) };
}
