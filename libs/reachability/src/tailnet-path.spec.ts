import { describe, expect, it } from '@jest/globals';
import { pathTo } from './tailnet-path.js';

// Peers as tailscaled's LocalAPI `/localapi/v0/status` reports them (fields from a real answer, TAILNET.md).
const direct = { HostName: 'pve-a', DNSName: 'pve-a.tailnet.test.', TailscaleIPs: ['100.64.0.1', 'fd7a:115c:a1e0::1'], Relay: 'headscale', CurAddr: '127.0.0.1:49554', Active: true };
const relayed = { HostName: 'pve-b', DNSName: 'pve-b.tailnet.test.', TailscaleIPs: ['100.64.0.2'], Relay: 'headscale', CurAddr: '', Active: true };
const idle = { HostName: 'nas', DNSName: 'nas.tailnet.test.', TailscaleIPs: ['100.64.0.3'], Relay: 'headscale', Active: false };

describe('pathTo', () => {
  it('finds the peer by MagicDNS name (with or without the final dot), short name or address', () => {
    for (const host of ['pve-a.tailnet.test', 'PVE-A.tailnet.test.', 'pve-a', '100.64.0.1', 'fd7a:115c:a1e0::1']) {
      expect(pathTo([relayed, direct], host)).toEqual({ kind: 'direct', relay: 'headscale', endpoint: '127.0.0.1:49554' });
    }
  });

  it('says derp for an active session without a direct endpoint, idle without a session, null for a stranger', () => {
    expect(pathTo([direct, relayed], 'pve-b.tailnet.test')).toEqual({ kind: 'derp', relay: 'headscale', endpoint: null });
    expect(pathTo([idle], 'nas.tailnet.test')).toEqual({ kind: 'idle', relay: 'headscale', endpoint: null });
    expect(pathTo([direct], 'elsewhere.tailnet.test')).toBeNull();
  });
});
