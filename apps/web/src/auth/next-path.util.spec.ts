import { describe, expect, it } from '@jest/globals';
import { safeNextPath, withNext } from './next-path.util';

describe('safeNextPath', () => {
  it('keeps a path of this console with its query', () => {
    expect(safeNextPath('/t/demo/audit?action=member.*')).toBe('/t/demo/audit?action=member.*');
  });

  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/login', '/change-password?next=/x'])(
    'sends %p to the status page',
    (raw) => {
      expect(safeNextPath(raw)).toBe('/');
    },
  );
});

describe('withNext', () => {
  it('adds the way back, except to the status page', () => {
    expect(withNext('/login', '/t/demo/members')).toBe('/login?next=%2Ft%2Fdemo%2Fmembers');
    expect(withNext('/login', '/')).toBe('/login');
  });
});
