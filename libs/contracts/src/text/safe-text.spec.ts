import { describe, expect, it } from '@jest/globals';
import { CreateServerBody } from '../servers/server.inputs.js';
import { cleanJson, cleanText, lineText, nameText, recordedText, SAFE_TEXT_MESSAGE } from './safe-text.js';

describe('safe text', () => {
  it.each(['a\u0000b', 'a\u0007', 'tab\there', 'line\nbreak', 'evil\u202egnp.exe', 'iso\u2066late', 'mark\u200f', 'lone\ud800'])('refuses %j in a name', (text) => {
    const result = nameText(100).safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(SAFE_TEXT_MESSAGE);
  });

  it('accepts names in any script, trimmed and in NFC', () => {
    expect(nameText(100).parse('  Prod\u00e9 \u6771\u4eac \u{1f680} ')).toBe('Prod\u00e9 \u6771\u4eac \u{1f680}');
    expect(nameText(100).parse('Cafe\u0301')).toBe('Caf\u00e9');
    expect(nameText(5).safeParse('a'.repeat(6)).success).toBe(false);
    expect(nameText(5).safeParse('   ').success).toBe(false);
  });

  it('refuses a NUL in a server name (PostgreSQL cannot store it: it was a 500)', () => {
    expect(CreateServerBody.safeParse({ name: 'pve\u00001', host: 'pve1.example.com', apiToken: 'nexus@pve!fleet=4f6c0d' }).success).toBe(false);
  });

  it('keeps opaque lines as they are, but refuses controls', () => {
    expect(lineText(10).parse(' a b ')).toBe(' a b ');
    expect(lineText(10).safeParse('a\u0000').success).toBe(false);
  });

  it('normalises recorded free text instead of refusing it', () => {
    expect(recordedText(64).parse('sign\u202eed out\r\nnow\u0000')).toBe('signed out now');
    expect(cleanText('a\r\nb\tc\u0000', true)).toBe('a\nb\tc');
  });

  it('cleans recorded details and drops prototype keys', () => {
    const details = JSON.parse('{"__proto__":{"polluted":1},"na\\u0000me":["x\\u202e",{"constructor":1,"ok":true}],"n":1}');
    expect(cleanJson(details)).toEqual({ name: ['x', { ok: true }], n: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
