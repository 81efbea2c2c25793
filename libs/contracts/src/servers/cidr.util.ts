import { z } from 'zod';

// zod's validators, not node:net: contracts are also bundled into the web app.
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** An address as a number and its width in bits, or null when `text` is not an IP address. */
function parseAddress(text: string): { value: bigint; bits: 32 | 128 } | null {
  const address = text.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (ipv4.safeParse(address).success) return { value: address.split('.').reduce((sum, part) => (sum << 8n) + BigInt(part), 0n), bits: 32 };
  if (!ipv6.safeParse(address).success) return null;
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text6 = address;
  if (mapped) {
    const v4 = parseAddress(mapped[2]!)!.value;
    text6 = `${mapped[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text6.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return { value: groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group || '0', 16)), 0n), bits: 128 };
}

/** A CIDR range (`100.64.0.0/10`, `fd7a:115c:a1e0::/48`; a bare address is its own /32 or /128). */
export const CidrRange = z
  .string()
  .trim()
  .toLowerCase()
  .max(64)
  .refine((text) => parseCidr(text) !== null, 'a CIDR range such as 100.64.0.0/10 or fd7a:115c:a1e0::/48');

interface ParsedCidr {
  network: bigint;
  prefix: number;
  bits: 32 | 128;
}

function parseCidr(text: string): ParsedCidr | null {
  const [addressText = '', prefixText] = text.split('/');
  const address = parseAddress(addressText);
  if (!address) return null;
  const prefix = prefixText === undefined ? address.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > address.bits || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return null;
  return { network: address.value >> BigInt(address.bits - prefix), prefix, bits: address.bits };
}

/** Whether `address` (an IP address; anything else is never inside) lies in `range`. */
export function inCidr(address: string, range: string): boolean {
  const parsed = parseAddress(address);
  const cidr = parseCidr(range);
  if (!parsed || !cidr) return false;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked as the IPv4 address it is.
  const value = parsed.bits === 128 && cidr.bits === 32 && parsed.value >> 32n === 0xffffn ? { value: parsed.value & 0xffffffffn, bits: 32 as const } : parsed;
  if (value.bits !== cidr.bits) return false;
  return value.value >> BigInt(value.bits - cidr.prefix) === cidr.network;
}

/** Whether `text` is an IP address (v4 or v6), not a name. */
export function isIpAddress(text: string): boolean {
  return parseAddress(text) !== null;
}
