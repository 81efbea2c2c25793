import { describe, expect, it } from '@jest/globals';
import { keystrokesFor } from './keystrokes.util';

const SHIFT = 0xffe1;

describe('paste as keystrokes', () => {
  it('types lower-case letters, digits and space as one press each, with their keysym and US key code', () => {
    const { characters, skipped } = keystrokesFor('a1 ');
    expect(skipped).toBe(0);
    expect(characters).toEqual([
      [
        { keysym: 0x61, code: 'KeyA', down: true },
        { keysym: 0x61, code: 'KeyA', down: false },
      ],
      [
        { keysym: 0x31, code: 'Digit1', down: true },
        { keysym: 0x31, code: 'Digit1', down: false },
      ],
      [
        { keysym: 0x20, code: 'Space', down: true },
        { keysym: 0x20, code: 'Space', down: false },
      ],
    ]);
  });

  it('holds Shift around capitals and shifted symbols, on the key that types them', () => {
    const [capital, bang, colon] = keystrokesFor('A!:').characters;
    expect(capital).toEqual([
      { keysym: SHIFT, code: 'ShiftLeft', down: true },
      { keysym: 0x41, code: 'KeyA', down: true },
      { keysym: 0x41, code: 'KeyA', down: false },
      { keysym: SHIFT, code: 'ShiftLeft', down: false },
    ]);
    expect(bang?.map((stroke) => stroke.code)).toEqual(['ShiftLeft', 'Digit1', 'Digit1', 'ShiftLeft']);
    expect(colon?.[1]).toEqual({ keysym: 0x3a, code: 'Semicolon', down: true });
  });

  it('covers every printable ASCII character', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)).join('');
    const { characters, skipped } = keystrokesFor(printable);
    expect(skipped).toBe(0);
    expect(characters).toHaveLength(printable.length);
    characters.forEach((strokes, index) => expect(strokes.some((stroke) => stroke.keysym === printable.charCodeAt(index))).toBe(true));
  });

  it('turns every kind of line break into one Return and tabs into Tab', () => {
    const keysyms = keystrokesFor('a\r\nb\rc\n\t').characters.map((strokes) => strokes[0]?.keysym);
    expect(keysyms).toEqual([0x61, 0xff0d, 0x62, 0xff0d, 0x63, 0xff0d, 0xff09]);
  });

  it('leaves out what a US keyboard cannot type and counts it', () => {
    const { characters, skipped } = keystrokesFor('é€\u0007x');
    expect(skipped).toBe(3);
    expect(characters).toHaveLength(1);
  });
});
