import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits, as Tailscale's ids and secrets are made of. */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** A stable id in Tailscale's `<prefix><random>CNTRL` form (`nodeId` n…, keys k…, tailnets T…). */
export function controlId(prefix: string): string {
  return `${prefix}${randomAlphanumeric(10)}CNTRL`;
}

/**
 * A secret in Tailscale's form: `tskey-<type>-<id>-<secret>`. The id is embedded so the API can find
 * the key (and revoke it) from the key itself.
 */
export function tailscaleSecret(type: 'api' | 'auth' | 'client', id: string): string {
  return `tskey-${type}-${id}-${randomAlphanumeric(32)}`;
}
