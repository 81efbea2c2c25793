import { z } from 'zod';

/**
 * How this process reaches tailnet endpoints (a deployment setting):
 * - `direct`: the host is on the tailnet (a laptop running tailscaled); names resolve through the
 *   system resolver, or through `dnsServer` (MagicDNS, 100.100.100.100) when the system's does not know them;
 * - `socks5`: through a tailscaled sidecar in userspace-networking mode, which resolves MagicDNS names itself.
 */
export type TailnetAccess =
  | { mode: 'direct'; dnsServer?: string }
  | { mode: 'socks5'; proxy: { host: string; port: number; username?: string; password?: string } };

/** Environment of the tailnet settings, for services that reach managed machines. */
export const TailnetEnv = z.object({
    /** `direct` or `socks5`. */
    TAILNET_ACCESS: z.enum(['direct', 'socks5']).default('direct'),
    /** `socks5://[user:pass@]host:port` of the tailscaled sidecar; required for `socks5`. */
    TAILNET_SOCKS5_URL: z.url({ protocol: /^socks5h?$/ }).optional(),
    /** `host[:port]` of a DNS server answering MagicDNS names (e.g. 100.100.100.100), for `direct`. */
    TAILNET_DNS_SERVER: z.string().regex(/^[0-9a-f.:[\]]+$/i, 'an IP address with an optional port').optional(),
    /**
     * The unix socket of the tailscaled this process reaches the tailnet through (the sidecar's
     * `--socket`): health checks read from its LocalAPI whether each tailnet server's path is direct
     * or relayed (DERP). Unset: no path quality.
     */
    TAILNET_LOCALAPI_SOCKET: z.string().min(1).optional(),
});

/** Add to a service's env schema (`.superRefine(requireSocksUrl)`): socks5 needs its proxy URL. */
export function requireSocksUrl(env: { TAILNET_ACCESS?: string; TAILNET_SOCKS5_URL?: string | undefined }, ctx: z.RefinementCtx): void {
  if (env.TAILNET_ACCESS === 'socks5' && !env.TAILNET_SOCKS5_URL) {
    ctx.addIssue({ code: 'custom', path: ['TAILNET_SOCKS5_URL'], message: 'required when TAILNET_ACCESS=socks5' });
  }
}

export function tailnetAccessFrom(env: Partial<z.output<typeof TailnetEnv>>): TailnetAccess {
  if (env.TAILNET_ACCESS === 'socks5' && env.TAILNET_SOCKS5_URL) {
    const url = new URL(env.TAILNET_SOCKS5_URL);
    return {
      mode: 'socks5',
      proxy: {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port || 1080),
        ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
      },
    };
  }
  return { mode: 'direct', ...(env.TAILNET_DNS_SERVER ? { dnsServer: env.TAILNET_DNS_SERVER } : {}) };
}
