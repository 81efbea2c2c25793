import type { AuthKeyView } from '@pve-nexus/contracts';
import { splitAddresses, timestampOrNull } from '../answer-fields.util.js';
import type { HeadscaleNode, HeadscalePreAuthKey } from './headscale.schemas.js';

/**
 * A headscale node in the one device shape (TAILNET.md §6), before the contract checks it. headscale
 * has no FQDN field: the name is its MagicDNS label and the configured base domain. It reports no OS,
 * client version or update state, and every node it lists is authorized.
 */
export function fromHeadscaleNode(node: HeadscaleNode, magicDnsSuffix: string) {
  return {
    id: node.id,
    name: `${node.givenName}.${magicDnsSuffix}`,
    hostname: node.name,
    addresses: splitAddresses(node.ipAddresses),
    os: null,
    clientVersion: null,
    user: node.user ? node.user.email || node.user.name || null : null,
    tags: node.tags,
    authorized: true,
    keyExpiry: timestampOrNull(node.expiry),
    // headscale moves lastSeen only on connect and disconnect: stale while online, passed on as is.
    lastSeen: timestampOrNull(node.lastSeen),
    connectedToControl: node.online,
    updateAvailable: null,
    ephemeral: node.preAuthKey?.ephemeral ?? false,
    createdAt: timestampOrNull(node.createdAt),
  };
}

/** `hskey-auth-` and the 12 characters headscale shows of a key in listings. */
const KEY_PREFIX = /^hskey-auth-.{12}/;

/**
 * A pre-auth key as listed, never with its secret: the prefix headscale itself shows (older
 * headscale listed whole keys, so any other form gives no prefix). headscale pre-authorizes every
 * key and keeps no description.
 */
export function fromHeadscaleKey(key: HeadscalePreAuthKey, now: number): AuthKeyView {
  const expiresAt = timestampOrNull(key.expiration);
  const expired = expiresAt !== null && Date.parse(expiresAt) <= now;
  return {
    id: key.id,
    prefix: KEY_PREFIX.exec(key.key)?.[0] ?? null,
    description: '',
    reusable: key.reusable,
    ephemeral: key.ephemeral,
    preauthorized: true,
    tags: key.aclTags,
    createdAt: timestampOrNull(key.createdAt),
    expiresAt,
    usable: !expired && !(key.used && !key.reusable),
  };
}
