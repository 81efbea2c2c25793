import { z } from 'zod';
import { defineRpc } from '../rpc/rpc-contract.js';
import { CidrRange, inCidr, isIpAddress } from './cidr.util.js';
import { Port } from './server.inputs.js';

// zod's validators, not node:net: contracts are also bundled into the web app.
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/**
 * The ports the product itself listens on by default (gateway, web, console relay, the services'
 * HTTP ports and loopback metrics listeners (9464-9468), PostgreSQL, Redis, NATS client/cluster/monitoring, and the NATS of `npm run up`): a server on loopback may not
 * use them, or anyone who may add a server could aim the product's token-bearing client at its own
 * infrastructure. Loopback itself stays allowed (simulated Proxmox servers of tests and the demo).
 */
export const PRODUCT_PORTS: readonly number[] = [3000, 4222, 5432, 6222, 6379, 8080, 8081, 8222, 9101, 9102, 9103, 9464, 9465, 9466, 9467, 9468, 14222];

/** The installation's egress policy for server addresses. */
export const EgressPolicy = z.strictObject({
  /** Refuse 169.254.0.0/16 and fe80::/10 (cloud metadata services, neighbours' link-local hosts). */
  denyLinkLocal: z.boolean(),
  /** Ports refused on loopback (127.0.0.0/8, ::1, 0.0.0.0, localhost). */
  deniedLoopbackPorts: z.array(Port).max(1_000).refine((ports) => new Set(ports).size === ports.length, 'each port once'),
  /** Address ranges servers may never be in (e.g. the installation's own networks). Default none. */
  deniedRanges: z.array(CidrRange).max(1_000).default([]),
  /**
   * When not empty, the only ranges servers may be in (an MSP that reaches customers only through
   * known networks or their tailnets). Default empty: anything not denied.
   */
  allowedRanges: z.array(CidrRange).max(1_000).default([]),
});
export type EgressPolicy = z.infer<typeof EgressPolicy>;

export const DEFAULT_EGRESS_POLICY: EgressPolicy = { denyLinkLocal: true, deniedLoopbackPorts: [...PRODUCT_PORTS], deniedRanges: [], allowedRanges: [] };

export const EgressPolicyView = EgressPolicy.extend({
  /** Null while the installation uses the defaults. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type EgressPolicyView = z.infer<typeof EgressPolicyView>;

export const EgressRpc = {
  /** The policy, for a global admin. */
  get: defineRpc('inventory.egress.get', z.strictObject({}), EgressPolicyView),
  /** Replaces the policy (global admin); audited. */
  put: defineRpc('inventory.egress.put', EgressPolicy, EgressPolicyView),
  /** The policy a connection test of the request's tenant dials under (anyone who may write servers). */
  effective: defineRpc('inventory.egress.effective', z.strictObject({}), EgressPolicy),
} as const;

/**
 * Why the policy refuses `host:port`, or null. `host` is an address or a name; names other than
 * `localhost` are checked again on the addresses they resolve to, when dialling.
 */
export function egressDenial(policy: EgressPolicy, host: string, port: number): string | null {
  const address = unmapped(host.trim().toLowerCase().replace(/^\[|\]$/g, ''));
  if (policy.denyLinkLocal && isLinkLocal(address)) return 'link-local addresses are not allowed for servers';
  if (isLoopback(address) && policy.deniedLoopbackPorts.includes(port)) return `port ${port} on loopback is one of this installation's own services`;
  // Ranges speak of addresses: a name is checked on what it resolves to, when dialling.
  if (!isIpAddress(address)) return null;
  const denied = policy.deniedRanges.find((range) => inCidr(address, range));
  if (denied) return `${address} is in ${denied}, a range this installation refuses for servers`;
  const allowed = policy.allowedRanges;
  if (allowed.length > 0 && !allowed.some((range) => inCidr(address, range))) return `${address} is outside the ranges this installation allows for servers`;
  return null;
}

/** `::ffff:a.b.c.d` is IPv4 `a.b.c.d`. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  return mapped?.[1] ?? address;
}

function isLinkLocal(address: string): boolean {
  if (ipv4.safeParse(address).success) return address.startsWith('169.254.');
  return ipv6.safeParse(address).success && /^fe[89ab][0-9a-f]:/.test(address);
}

function isLoopback(address: string): boolean {
  if (address === 'localhost' || address.endsWith('.localhost')) return true;
  if (ipv4.safeParse(address).success) return address.startsWith('127.') || address.startsWith('0.');
  return ipv6.safeParse(address).success && /^(::1?|(0{1,4}:){7}0{0,3}[01])$/.test(address);
}
