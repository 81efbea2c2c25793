import { describe, expect, it } from '@jest/globals';
import { CidrRange, inCidr } from './cidr.util.js';

// Only loopback addresses here, as everywhere in the tests: ranges are carved out of 127.0.0.0/8 and ::/64.
describe('inCidr', () => {
  it('matches IPv4 and IPv6 ranges, bare addresses, and IPv4-mapped IPv6 as IPv4', () => {
    expect(inCidr('127.16.2.3', '127.16.0.0/12')).toBe(true);
    expect(inCidr('127.32.2.3', '127.16.0.0/12')).toBe(false);
    expect(inCidr('127.0.0.10', '127.0.0.10')).toBe(true);
    expect(inCidr('127.0.0.1', '0.0.0.0/0')).toBe(true);
    expect(inCidr('::1', '::/64')).toBe(true);
    expect(inCidr('::1', '::1/128')).toBe(true);
    expect(inCidr('::2', '::1/128')).toBe(false);
    expect(inCidr('0:0:0:1::1', '::/64')).toBe(false);
    expect(inCidr('::ffff:127.9.8.7', '127.0.0.0/8')).toBe(true);
    expect(inCidr('[::1]', '::/96')).toBe(true);
  });

  it('never puts a name inside a range, nor mixes families', () => {
    expect(inCidr('pve.example.com', '0.0.0.0/0')).toBe(false);
    expect(inCidr('127.0.0.1', '::/0')).toBe(false);
  });
});

describe('CidrRange', () => {
  it('accepts ranges and addresses, refuses the rest', () => {
    for (const range of ['127.0.0.0/8', '127.0.0.1', '::/64', '::/0']) expect(CidrRange.safeParse(range).success).toBe(true);
    for (const range of ['127.0.0.0/33', '::/129', 'example.com/8', '127.0.0.0/-1', '127.0.0.0/8x', '']) expect(CidrRange.safeParse(range).success).toBe(false);
  });
});
