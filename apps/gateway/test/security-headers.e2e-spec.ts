import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@pve-nexus/testing';

describe('security headers on the gateway responses', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory', 'gateway'] });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['a JSON answer', '/api/v1/health'],
    ['a problem+json refusal', '/api/v1/servers'],
    ['an unknown path', '/nowhere'],
    ['a probe', '/livez'],
  ])('sends nosniff, no framing, no referrer and an inert CSP on %s', async (_kind, path) => {
    const res = await fetch(`${stack.gatewayUrl}${path}`);
    await res.arrayBuffer();
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
