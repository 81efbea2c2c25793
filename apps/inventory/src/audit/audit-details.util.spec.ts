import { describe, expect, it } from '@jest/globals';
import { storableDetails } from './audit-details.util.js';

describe('details as stored', () => {
  it('removes secrets by key at any depth and by shape in text', () => {
    expect(
      storableDetails({
        password: 'hunter2',
        user: { email: 'a@b.c', NewPassword: 'x', tokens: [{ refreshToken: 'r' }] },
        upstream: 'failed with Authorization: Bearer abc.def and https://root:pw@pve.example:8006',
      }),
    ).toEqual({
      password: '[REDACTED]',
      user: { email: 'a@b.c', NewPassword: '[REDACTED]', tokens: [{ refreshToken: '[REDACTED]' }] },
      upstream: 'failed with Authorization: [REDACTED] and https://root:[REDACTED]@pve.example:8006',
    });
  });

  it('is plain JSON: dates as ISO text, bigints as decimal text, undefined left out', () => {
    expect(storableDetails({ at: new Date('2026-01-01T00:00:00.000Z'), big: 2n ** 70n, gone: undefined, list: [undefined, 1] })).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      big: '1180591620717411303424',
      list: [null, 1],
    });
  });

  it('replaces the characters jsonb refuses, and drops __proto__ keys', () => {
    const details = JSON.parse('{"__proto__": {"polluted": true}, "name": "a\\u0000b\\ud800c"}') as Record<string, unknown>;
    const stored = storableDetails(details);
    expect(stored).toEqual({ name: 'a\ufffdb\ufffdc' });
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
  });

  it('defaults to an empty object', () => {
    expect(storableDetails()).toEqual({});
  });
});
