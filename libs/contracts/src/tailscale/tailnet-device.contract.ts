import { z } from 'zod';
import { lineText } from '../text/safe-text.js';

const Timestamp = z.iso.datetime({ offset: true });

/**
 * One device of a tenant's tailnet, the same whether the control server is Tailscale (API v2
 * `GET /tailnet/{tailnet}/devices`) or headscale (`GET /api/v1/node`). Fields a control server does
 * not report are null (headscale reports no OS, client version or update state).
 */
export const TailnetDevice = z.strictObject({
  /** The control server's id: Tailscale's `nodeId` (`nXXXXCNTRL`) or headscale's numeric id. */
  id: z.string().min(1).max(100),
  /** The MagicDNS name (FQDN without the trailing dot), e.g. `pve-01.tail1234.ts.net`. */
  name: z.string().min(1).max(253),
  /** The device's own host name (what `hostname` prints on it). */
  hostname: z.string().max(253),
  /** Tailscale addresses: 100.64.0.0/10 and fd7a:115c:a1e0::/48. */
  addresses: z.strictObject({ v4: z.string().nullable(), v6: z.string().nullable() }),
  os: z.string().max(100).nullable(),
  clientVersion: z.string().max(100).nullable(),
  /** The owning user's login name (Tailscale) or user name or e-mail (headscale). */
  user: z.string().max(320).nullable(),
  tags: z.array(z.string().max(200)).max(100),
  authorized: z.boolean(),
  /** Null when key expiry is disabled. */
  keyExpiry: Timestamp.nullable(),
  /**
   * When the device was last connected to the control server. Tailscale leaves it out while the
   * device is connected; headscale updates it only on connect and disconnect.
   */
  lastSeen: Timestamp.nullable(),
  /** The control server's online signal. */
  connectedToControl: z.boolean(),
  updateAvailable: z.boolean().nullable(),
  ephemeral: z.boolean(),
  createdAt: Timestamp.nullable(),
});
export type TailnetDevice = z.infer<typeof TailnetDevice>;

/** `true`/`1` or `false`/`0` as query strings spell them. */
const QueryBoolean = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1')]);

/** `GET .../tailscale/devices` query: every filter optional, combined with AND. */
export const DeviceQuery = z.strictObject({
  status: z.enum(['online', 'offline']).optional(),
  /** Case-insensitive OS name, e.g. `linux`. */
  os: lineText(100, 1).optional(),
  /** A tag, with or without its `tag:` prefix. */
  tag: lineText(200, 1).optional(),
  /** Substring of the name, host name, an address or the user. */
  search: lineText(200, 1).optional(),
  /** Bypass the five-minute cache (rate limited per tenant). */
  refresh: QueryBoolean.optional(),
});
export type DeviceQuery = z.input<typeof DeviceQuery>;

/** Where a device list came from and how old it is. */
export const DeviceListFreshness = z.strictObject({
  fetchedAt: Timestamp,
  /**
   * Set when the list is older than asked for because the control server could not be asked: its
   * reason (rate limited, unreachable) and, when rate limited, when a refresh may be retried.
   */
  stale: z.strictObject({ reason: z.string(), retryAfterSeconds: z.number().int().nonnegative().nullable() }).nullable(),
});
export type DeviceListFreshness = z.infer<typeof DeviceListFreshness>;

/** A device as discovery lists it: with whether it counts as online (connected, or seen within the offline delay). */
export const ListedDevice = TailnetDevice.extend({ online: z.boolean() });
export type ListedDevice = z.infer<typeof ListedDevice>;

export const DeviceList = z.strictObject({
  devices: z.array(ListedDevice),
  /** Devices before filtering. */
  total: z.number().int().nonnegative(),
  freshness: DeviceListFreshness,
});
export type DeviceList = z.infer<typeof DeviceList>;

/** Whether a device counts as online for the product: connected now, or seen within `offlineAfterMs`. */
export function isDeviceOnline(device: Pick<TailnetDevice, 'connectedToControl' | 'lastSeen'>, now: number, offlineAfterMs: number): boolean {
  if (device.connectedToControl) return true;
  return device.lastSeen !== null && now - Date.parse(device.lastSeen) < offlineAfterMs;
}

/**
 * The tailnet device a server's public host is, when one matches: by host name (full, or its first
 * label against the device's short name) or by one of its addresses. Used to offer "connect via
 * Tailscale" with the device's MagicDNS name.
 */
export function deviceForHost(devices: readonly TailnetDevice[], host: string): TailnetDevice | null {
  const wanted = host.trim().toLowerCase().replace(/\.$/, '');
  if (!wanted) return null;
  const firstLabel = wanted.split('.')[0];
  const isAddress = /^[\d.]+$/.test(wanted) || wanted.includes(':');
  return (
    devices.find((device) => device.addresses.v4 === wanted || device.addresses.v6?.toLowerCase() === wanted) ??
    (isAddress ? undefined : devices.find((device) => device.name.toLowerCase() === wanted || device.hostname.toLowerCase() === wanted)) ??
    (isAddress ? undefined : devices.find((device) => device.hostname.toLowerCase() === firstLabel || device.name.toLowerCase().split('.')[0] === firstLabel)) ??
    null
  );
}
