import { randomBytes } from 'node:crypto';
import { controlId } from './tailscale-ids.util.js';

/** What a test says about a device it adds; the rest is generated. */
export interface SimDeviceInit {
  hostname: string;
  /** Default `linux`. */
  os?: string;
  /** The login of who registered it. Default the tailnet's user. */
  user?: string;
  tags?: string[];
  /** Connected to the control server. Default true. */
  online?: boolean;
  ephemeral?: boolean;
  /** Shared in from another tailnet: its name has that tailnet's domain, and several fields are empty. */
  external?: boolean;
  authorized?: boolean;
  keyExpiryDisabled?: boolean;
  /** Default `1.84.2-t1a2b3c4d5-g0123456789`. */
  clientVersion?: string;
  updateAvailable?: boolean;
  advertisedRoutes?: string[];
  enabledRoutes?: string[];
}

/** A device as the simulator holds it: every field of the API's `Device` schema (`lastSeen` null while connected or never seen). */
export interface SimDevice {
  addresses: string[];
  id: string;
  nodeId: string;
  user: string;
  name: string;
  hostname: string;
  clientVersion: string;
  updateAvailable: boolean;
  os: string;
  created: string;
  connectedToControl: boolean;
  lastSeen: string | null;
  keyExpiryDisabled: boolean;
  expires: string;
  authorized: boolean;
  isExternal: boolean;
  machineKey: string;
  nodeKey: string;
  blocksIncomingConnections: boolean;
  tailnetLockKey: string;
  tailnetLockError: string;
  tags: string[];
  isEphemeral: boolean;
  enabledRoutes: string[];
  advertisedRoutes: string[];
  sshEnabled: boolean;
  distro: { name: string; version: string; codeName: string } | null;
}

/** Fields of `fields=default`, in the order the API documents them. */
const DEFAULT_FIELDS = [
  'addresses', 'id', 'nodeId', 'user', 'name', 'hostname', 'clientVersion', 'updateAvailable', 'os', 'created',
  'connectedToControl', 'lastSeen', 'keyExpiryDisabled', 'expires', 'authorized', 'isExternal', 'machineKey', 'nodeKey',
  'blocksIncomingConnections', 'tailnetLockKey', 'tailnetLockError', 'tags', 'isEphemeral',
] as const;

const KEY_LIFETIME_MS = 180 * 24 * 3600_000;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A new device's full record; `index` spreads its numeric id and addresses. */
export function createSimDevice(init: SimDeviceInit, index: number, tailnetDomain: string, tailnetUser: string, now = new Date()): SimDevice {
  const external = init.external ?? false;
  const online = init.online ?? true;
  return {
    addresses: [`100.${64 + Math.floor(index / 65_536)}.${Math.floor(index / 256) % 256}.${(index % 256) || 1}`, `fd7a:115c:a1e0::${(index + 1).toString(16)}`],
    id: String(90_000_000_000 + index),
    nodeId: controlId('n'),
    user: init.user ?? (external ? 'friend@example.org' : tailnetUser),
    name: `${init.hostname}.${external ? 'tail9999.ts.net' : tailnetDomain}`,
    hostname: init.hostname,
    clientVersion: external ? '' : (init.clientVersion ?? '1.84.2-t1a2b3c4d5-g0123456789'),
    updateAvailable: external ? false : (init.updateAvailable ?? false),
    os: init.os ?? 'linux',
    created: external ? '' : now.toISOString(),
    connectedToControl: online,
    lastSeen: online ? null : now.toISOString(),
    keyExpiryDisabled: init.keyExpiryDisabled ?? false,
    expires: new Date(now.getTime() + KEY_LIFETIME_MS).toISOString(),
    authorized: init.authorized ?? true,
    isExternal: external,
    machineKey: external ? '' : `mkey:${hex(32)}`,
    nodeKey: `nodekey:${hex(32)}`,
    blocksIncomingConnections: false,
    tailnetLockKey: `tlpub:${hex(32)}`,
    tailnetLockError: '',
    tags: external ? [] : (init.tags ?? []),
    isEphemeral: init.ephemeral ?? false,
    enabledRoutes: init.enabledRoutes ?? [],
    advertisedRoutes: init.advertisedRoutes ?? [],
    sshEnabled: false,
    distro: (init.os ?? 'linux') === 'linux' ? { name: 'debian', version: '12', codeName: 'bookworm' } : null,
  };
}

/**
 * A device as the API answers it: `fields=default` (also without `fields`) gives the documented
 * default set; `fields=all` adds routes, client connectivity, posture identity, SSH and distro.
 * `lastSeen` is omitted while connected or when never seen, as the API documents.
 */
export function renderDevice(device: SimDevice, fields: string | null): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const field of DEFAULT_FIELDS) {
    if (field === 'lastSeen' && (device.connectedToControl || device.lastSeen === null)) continue;
    rendered[field] = device[field];
  }
  if (fields !== 'all') return rendered;
  rendered.enabledRoutes = device.enabledRoutes;
  rendered.advertisedRoutes = device.advertisedRoutes;
  rendered.clientConnectivity = {
    endpoints: device.connectedToControl ? ['198.51.100.7:41641', '192.168.1.20:41641'] : [],
    mappingVariesByDestIP: false,
    latency: { Frankfurt: { preferred: true, latencyMs: 12.5 } },
    clientSupports: { hairPinning: null, ipv6: true, pcp: false, pmp: false, udp: true, upnp: false },
  };
  rendered.postureIdentity = { disabled: true };
  rendered.sshEnabled = device.sshEnabled;
  if (device.distro) rendered.distro = device.distro;
  return rendered;
}
