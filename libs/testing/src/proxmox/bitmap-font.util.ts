// A tiny 5x7 bitmap font for the simulated consoles' framebuffer: digits, upper-case letters
// (lower case is drawn upper case) and a little punctuation. Each glyph is 7 rows of 5 bits,
// most significant bit on the left, written as 14 hex digits.

const GLYPHS: Record<string, string> = {
  '0': '0e11131519110e',
  '1': '040c040404040e',
  '2': '0e11010204081f',
  '3': '1f02040201110e',
  '4': '02060a121f0202',
  '5': '1f101e0101110e',
  '6': '0608101e11110e',
  '7': '1f010204080808',
  '8': '0e11110e11110e',
  '9': '0e11110f01020c',
  A: '0e11111f111111',
  B: '1e11111e11111e',
  C: '0e11101010110e',
  D: '1c12111111121c',
  E: '1f10101e10101f',
  F: '1f10101e101010',
  G: '0e11101711110f',
  H: '1111111f111111',
  I: '0e04040404040e',
  J: '0702020202120c',
  K: '11121418141211',
  L: '1010101010101f',
  M: '111b1515111111',
  N: '11111915131111',
  O: '0e11111111110e',
  P: '1e11111e101010',
  Q: '0e11111115120d',
  R: '1e11111e141211',
  S: '0f10100e01011e',
  T: '1f040404040404',
  U: '1111111111110e',
  V: '11111111110a04',
  W: '1111111515150a',
  X: '11110a040a1111',
  Y: '1111110a040404',
  Z: '1f01020408101f',
  ' ': '00000000000000',
  ':': '000c0c000c0c00',
  '-': '0000001f000000',
  '.': '00000000000c0c',
  '/': '00010204081000',
  _: '0000000000001f',
  '?': '0e110102040004',
  '!': '04040404040004',
  '#': '0a0a1f0a1f0a0a',
  '@': '0e11010d15150e',
  '<': '02040810080402',
  '>': '08040201020408',
  '=': '00001f001f0000',
  '+': '0004041f040400',
  '(': '02040808080402',
  ')': '08040202020408',
};
const UNKNOWN_ROWS = parseRows('1f11111111111f');

function parseRows(hex: string): number[] {
  return Array.from({ length: 7 }, (_, row) => parseInt(hex.slice(row * 2, row * 2 + 2), 16));
}

const ROWS = new Map<string, number[]>(
  Object.entries(GLYPHS).map(([char, hex]) => {
    return [char, parseRows(hex)];
  }),
);

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** The 7 rows (5 bits each, MSB left) of a character. */
export function glyphRows(char: string): number[] {
  return ROWS.get(char.toUpperCase()) ?? UNKNOWN_ROWS;
}
