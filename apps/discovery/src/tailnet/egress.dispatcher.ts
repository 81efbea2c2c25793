import { Agent } from 'undici';
import { NexusError, egressDenial, type EgressPolicy } from '@pve-nexus/contracts';
import { guardedLookup } from '@pve-nexus/reachability';

/**
 * The dispatcher of calls to a tenant-given control server (headscale): its URL is checked against the
 * installation's egress policy as typed, and every address its name resolves to is checked again when
 * connecting, so no tenant can aim discovery (and the API key it sends) at the product's own services.
 */
export function egressDispatcher(url: string, policy: EgressPolicy): Agent {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  const denial = egressDenial(policy, host, port);
  if (denial) throw new NexusError('VALIDATION', 'Address not allowed by the egress policy', [{ path: 'url', message: denial }]);
  return new Agent({ connect: { lookup: guardedLookup(policy, port, `${host}:${port}`) }, connections: 4 });
}
