import { describe, expect, it } from '@jest/globals';
import { DEFAULT_EGRESS_POLICY, egressDenial } from './egress-policy.contract.js';

describe('egressDenial', () => {
  it.each([
    ['169.254.169.254', 80],
    ['169.254.0.1', 8006],
    ['fe80::1', 8006],
    ['FEBF::1', 8006],
    ['[fe80::1]', 8006],
    ['::ffff:169.254.169.254', 8006],
    ['127.0.0.1', 5432],
    ['127.1.2.3', 6379],
    ['0.0.0.0', 4222],
    ['::1', 8080],
    ['::', 9101],
    ['0:0:0:0:0:0:0:1', 8222],
    ['::ffff:127.0.0.1', 9103],
    ['localhost', 8081],
    ['api.localhost', 3000],
  ])('denies %s:%d by default', (host, port) => {
    expect(egressDenial(DEFAULT_EGRESS_POLICY, host, port)).toEqual(expect.any(String));
  });

  it.each([
    ['127.0.0.1', 8006],
    ['127.0.0.1', 40123],
    ['fec0::1', 8006],
    ['169.255.0.1', 8006],
    ['pve.example.com', 5432],
    ['203.0.113.10', 5432],
    ['100.64.0.1', 8006],
  ])('allows %s:%d by default', (host, port) => {
    expect(egressDenial(DEFAULT_EGRESS_POLICY, host, port)).toBeNull();
  });

  it('follows an override', () => {
    const relaxed = { denyLinkLocal: false, deniedLoopbackPorts: [8006], deniedRanges: [], allowedRanges: [] };
    expect(egressDenial(relaxed, '169.254.169.254', 80)).toBeNull();
    expect(egressDenial(relaxed, '127.0.0.1', 5432)).toBeNull();
    expect(egressDenial(relaxed, '127.0.0.1', 8006)).toEqual(expect.any(String));
  });

  it('refuses addresses in a denied range, and outside the allowed ones when there are any', () => {
    const ranges = { denyLinkLocal: true, deniedLoopbackPorts: [], deniedRanges: ['127.16.0.0/12'], allowedRanges: ['127.0.0.0/8', '100.64.0.0/10'] };
    expect(egressDenial(ranges, '127.16.0.5', 8006)).toMatch(/127\.16\.0\.0\/12/);
    expect(egressDenial(ranges, '127.0.0.5', 8006)).toBeNull();
    expect(egressDenial(ranges, '100.64.0.7', 8006)).toBeNull();
    expect(egressDenial(ranges, '::1', 8006)).toMatch(/outside the ranges/);
    // A name is checked on the addresses it resolves to, when dialling.
    expect(egressDenial(ranges, 'pve.example.com', 8006)).toBeNull();
  });
});
