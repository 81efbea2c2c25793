import { describe, expect, it } from '@jest/globals';
import { TailnetHost } from '@pve-nexus/contracts';
import { effectiveEndpoint } from './effective-endpoint.js';
import { requireSocksUrl, tailnetAccessFrom, TailnetEnv } from './tailnet-access.js';

const server = { host: 'pve1.example.com', port: 8006, useTailscale: false, tailscaleHostname: 'pve1.tail1234.ts.net', tailscalePort: 443 };

describe('effectiveEndpoint', () => {
  it('uses the public host unless Tailscale is on', () => {
    expect(effectiveEndpoint(server)).toEqual({ host: 'pve1.example.com', port: 8006, via: 'public' });
    expect(effectiveEndpoint({ ...server, useTailscale: true })).toEqual({ host: 'pve1.tail1234.ts.net', port: 443, via: 'tailnet' });
  });

  it('falls back to the public host when Tailscale is on without a name (never half-configured)', () => {
    expect(effectiveEndpoint({ ...server, useTailscale: true, tailscaleHostname: null }).via).toBe('public');
  });
});

describe('tailnet host validation', () => {
  it.each(['pve.tail1234.ts.net', 'pve', '100.64.0.1', '100.127.255.254', 'fd7a:115c:a1e0::1', 'FD7A:115C:A1E0:AB12::1'])('accepts %s', (host) => {
    expect(TailnetHost.safeParse(host).success).toBe(true);
  });
  it.each(['192.168.1.10', '100.63.0.1', '100.128.0.1', '10.0.0.1', 'fd00::1', 'bad host', '-pve.ts.net', 'a'.repeat(64)])('refuses %s', (host) => {
    expect(TailnetHost.safeParse(host).success).toBe(false);
  });
});

describe('tailnet access settings', () => {
  it('reads socks5 with credentials and requires its URL', () => {
    expect(tailnetAccessFrom(TailnetEnv.parse({ TAILNET_ACCESS: 'socks5', TAILNET_SOCKS5_URL: 'socks5://u%40x:p@127.0.0.1:1055' }))).toEqual({
      mode: 'socks5',
      proxy: { host: '127.0.0.1', port: 1055, username: 'u@x', password: 'p' },
    });
    expect(TailnetEnv.superRefine(requireSocksUrl).safeParse({ TAILNET_ACCESS: 'socks5' }).success).toBe(false);
    expect(tailnetAccessFrom(TailnetEnv.parse({}))).toEqual({ mode: 'direct' });
  });
});
