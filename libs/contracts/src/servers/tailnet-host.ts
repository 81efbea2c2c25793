import { z } from 'zod';

// zod's validators, not node:net: contracts are also bundled into the web app.
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
const isIPv4 = (value: string) => ipv4.safeParse(value).success;
const isIPv6 = (value: string) => ipv6.safeParse(value).success;

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A DNS name (RFC 1123 labels), e.g. `pve1.example.com`, `pve.tailnet-name.ts.net` or the short `pve`. */
export function isHostName(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => HOST_LABEL.test(label));
}

/** Tailscale's address ranges: 100.64.0.0/10 (CGNAT) and fd7a:115c:a1e0::/48. */
export function isTailnetAddress(value: string): boolean {
  if (isIPv4(value)) {
    const [a, b] = value.split('.').map(Number);
    return a === 100 && b !== undefined && b >= 64 && b <= 127;
  }
  if (isIPv6(value)) return /^fd7a:115c:a1e0:/i.test(expandIPv6Prefix(value));
  return false;
}

function expandIPv6Prefix(value: string): string {
  const [head = ''] = value.split('::');
  return head.split(':').map((group) => group.padStart(4, '0')).join(':') + ':';
}

/** Where a server is on its tailnet: a MagicDNS name or a Tailscale address (never another IP). */
export const TailnetHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .refine(
    (value) => (isIPv4(value) || isIPv6(value) ? isTailnetAddress(value) : isHostName(value)),
    'a MagicDNS name or a Tailscale address (100.64.0.0/10, fd7a:115c:a1e0::/48)',
  );

/** A server's public host: a DNS name or any IP address. */
export const ServerHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .refine((value) => isIPv4(value) || isIPv6(value) || isHostName(value), 'a host name or an IP address');
