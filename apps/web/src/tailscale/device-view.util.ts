// How the discovery page shows a tailnet's devices: online or offline as discovery decides it (the list
// is asked for per status), or as a newer live `device.status` event says; when each was last seen, and
// how old a list served from cache is.
import type { DeviceList, DeviceListFreshness, DeviceStatusData, TailnetDevice } from '@pve-nexus/contracts';
import { formatRelative } from '../ui/format.util';

/** The last `device.status` event of a device, with when it happened. */
export interface LiveDeviceStatus {
  online: boolean;
  lastSeen: string | null;
  at: number;
}

export type ShownDevice = TailnetDevice & { online: boolean };

/** The devices of one or both statuses, sorted as the API sorts them, with which ones are online. */
export interface DeviceSnapshot {
  devices: TailnetDevice[];
  online: ReadonlySet<string>;
  /** Devices before filtering. */
  total: number;
  /** The older of the answers, and the first reason one of them was served old. */
  freshness: DeviceListFreshness;
}

/** One snapshot from the answers to `status=online` and/or `status=offline`. */
export function snapshotOf(parts: ReadonlyArray<{ status: 'online' | 'offline'; list: DeviceList }>): DeviceSnapshot {
  const devices = parts.flatMap((part) => part.list.devices).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const online = new Set(parts.filter((part) => part.status === 'online').flatMap((part) => part.list.devices.map((device) => device.id)));
  const fetchedAt = parts.map((part) => part.list.freshness.fetchedAt).sort()[0] ?? new Date(0).toISOString();
  const stale = parts.find((part) => part.list.freshness.stale)?.list.freshness.stale ?? null;
  return { devices, online, total: Math.max(0, ...parts.map((part) => part.list.total)), freshness: { fetchedAt, stale } };
}

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

/** Each device with `online`: a live event newer than the list wins; otherwise the status it was listed under. */
export function shownDevices(snapshot: DeviceSnapshot, live: Readonly<Record<string, LiveDeviceStatus>>): ShownDevice[] {
  const listedAt = Date.parse(snapshot.freshness.fetchedAt);
  return snapshot.devices.map((device) => {
    const event = live[device.id];
    if (event && event.at >= listedAt) return { ...device, online: event.online, lastSeen: event.lastSeen ?? device.lastSeen };
    return { ...device, online: snapshot.online.has(device.id) };
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
