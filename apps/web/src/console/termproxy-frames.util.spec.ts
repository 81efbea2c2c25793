import { describe, expect, it } from '@jest/globals';
import { terminalInputFrame, terminalResizeFrame } from './termproxy-frames.util';

describe('termproxy frames', () => {
  it('prefixes input with its length in UTF-8 bytes, not characters', () => {
    expect(terminalInputFrame('echo hi\r')).toBe('0:8:echo hi\r');
    expect(terminalInputFrame('é')).toBe('0:2:é');
    expect(terminalInputFrame('')).toBe('0:0:');
  });

  it('sends the size as columns then rows, with a closing colon', () => {
    expect(terminalResizeFrame(120, 40)).toBe('1:120:40:');
  });
});
