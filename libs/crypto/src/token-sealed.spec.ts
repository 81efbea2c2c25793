import { describe, expect, it } from '@jest/globals';
import { DecryptionError } from './envelope.js';
import { isBearerToken, newBearerToken, openWithToken, sealWithToken, tokenDigest } from './token-sealed.js';

describe('records sealed with their bearer token', () => {
  it('opens with the token and purpose it was sealed with', () => {
    const token = newBearerToken();
    const sealed = sealWithToken(token, 'console-grant', '{"ticket":"PVEVNC:secret"}');
    expect(sealed).not.toContain('PVEVNC');
    expect(openWithToken(token, 'console-grant', sealed)).toBe('{"ticket":"PVEVNC:secret"}');
  });

  it('refuses another token, another purpose, or a changed byte', () => {
    const token = newBearerToken();
    const sealed = sealWithToken(token, 'console-grant', 'x');
    expect(() => openWithToken(newBearerToken(), 'console-grant', sealed)).toThrow(DecryptionError);
    expect(() => openWithToken(token, 'other', sealed)).toThrow(DecryptionError);
    const bytes = Buffer.from(sealed, 'base64');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(() => openWithToken(token, 'console-grant', bytes.toString('base64'))).toThrow(DecryptionError);
  });

  it('makes 43-character url-safe tokens and keys records by their SHA-256', () => {
    const token = newBearerToken();
    expect(isBearerToken(token)).toBe(true);
    expect(isBearerToken(`${token}x`)).toBe(false);
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(token)).not.toBe(tokenDigest(newBearerToken()));
  });
});
