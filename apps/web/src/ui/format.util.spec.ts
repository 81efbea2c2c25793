import { describe, expect, it } from '@jest/globals';
import { formatByteCount } from './format.util';

describe('formatByteCount', () => {
  it('counts bytes in binary units with one decimal', () => {
    expect(formatByteCount(0)).toBe('0 B');
    expect(formatByteCount(1023)).toBe('1023 B');
    expect(formatByteCount(3482)).toBe('3.4 KiB');
    expect(formatByteCount(12 * 1024 ** 2)).toBe('12.0 MiB');
    expect(formatByteCount(1.25 * 1024 ** 3)).toBe('1.3 GiB');
  });
});
