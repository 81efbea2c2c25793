import { isDeviceOnline, type DeviceQuery, type TailnetDevice } from '@pve-nexus/contracts';

export type DeviceFilter = Pick<DeviceQuery, 'status' | 'os' | 'tag' | 'search'>;

/** The devices matching every given filter, sorted by name. */
export function filterDevices(devices: readonly TailnetDevice[], filter: DeviceFilter, now: number, offlineAfterMs: number): TailnetDevice[] {
  const os = filter.os?.toLowerCase();
  const tag = filter.tag ? (filter.tag.startsWith('tag:') ? filter.tag : `tag:${filter.tag}`).toLowerCase() : undefined;
  const search = filter.search?.toLowerCase();
  return devices
    .filter((device) => !filter.status || isDeviceOnline(device, now, offlineAfterMs) === (filter.status === 'online'))
    .filter((device) => !os || device.os?.toLowerCase() === os)
    .filter((device) => !tag || device.tags.some((candidate) => candidate.toLowerCase() === tag))
    .filter((device) => !search || searchable(device).some((text) => text.toLowerCase().includes(search)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function searchable(device: TailnetDevice): string[] {
  return [device.name, device.hostname, device.addresses.v4, device.addresses.v6, device.user].filter((text): text is string => Boolean(text));
}
