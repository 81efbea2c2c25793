import type { AuthKeyView } from '@pve-nexus/contracts';
import { splitAddresses, timestampOrNull } from '../answer-fields.util.js';
import type { TailscaleDevice, TailscaleKey } from './tailscale.schemas.js';

/**
 * A Tailscale device in the one device shape, before the contract checks it. Empty strings (what
 * the API gives for devices shared in from another tailnet) become null.
 */
export function fromTailscaleDevice(device: TailscaleDevice) {
  return {
    id: device.nodeId || device.id,
    name: device.name.replace(/\.$/, ''),
    hostname: device.hostname,
    addresses: splitAddresses(device.addresses),
    os: device.os || null,
    clientVersion: device.clientVersion || null,
    user: device.user || null,
    tags: device.tags ?? [],
    authorized: device.authorized ?? false,
    // The original expiry is kept while expiry is disabled: it does not apply then.
    keyExpiry: device.keyExpiryDisabled ? null : timestampOrNull(device.expires),
    lastSeen: timestampOrNull(device.lastSeen),
    connectedToControl: device.connectedToControl ?? false,
    updateAvailable: device.updateAvailable ?? null,
    ephemeral: device.isEphemeral ?? false,
    createdAt: timestampOrNull(device.created),
  };
}

/**
 * The tailnet's MagicDNS domain (`tail1234.ts.net`) as its own devices' names end: the API has no
 * endpoint that names the tailnet for every kind of credential. Devices shared in from another
 * tailnet carry that tailnet's domain, so they do not vote. Null without devices of its own.
 */
export function tailnetDomainOf(devices: readonly TailscaleDevice[]): string | null {
  const votes = new Map<string, number>();
  for (const device of devices) {
    if (device.isExternal) continue;
    const domain = device.name.replace(/\.$/, '').split('.').slice(1).join('.');
    if (domain) votes.set(domain, (votes.get(domain) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [domain, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = domain;
  return best;
}

/** An auth key (not an API token or OAuth client) among the keys a listing returns. */
export function isAuthKey(key: TailscaleKey): boolean {
  return key.keyType === undefined ? key.capabilities?.devices !== undefined : key.keyType === 'auth';
}

/**
 * A Tailscale auth key as listed, never with its secret. Its prefix is `tskey-auth-<id>`: the key
 * embeds its id there, so a person can tell which key a device used.
 */
export function fromTailscaleKey(key: TailscaleKey, now: number): AuthKeyView {
  const create = key.capabilities?.devices?.create;
  const expiresAt = timestampOrNull(key.expires);
  const revoked = timestampOrNull(key.revoked) !== null;
  return {
    id: key.id,
    prefix: `tskey-auth-${key.id}`,
    description: key.description ?? '',
    reusable: create?.reusable ?? false,
    ephemeral: create?.ephemeral ?? false,
    preauthorized: create?.preauthorized ?? false,
    tags: create?.tags ?? [],
    createdAt: timestampOrNull(key.created),
    expiresAt,
    usable: !key.invalid && !revoked && (expiresAt === null || Date.parse(expiresAt) > now),
  };
}
